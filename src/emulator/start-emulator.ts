import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorApp } from './emulator-app';
import { createEmulatorContext } from './emulator-context';
import type { EmulatorControl } from './emulator-control';
import type { EmulatorLimits } from './emulator-limits';
import type { EmulatorOptions } from './emulator-options';
import type { EmulatorState } from './emulator-state';
import type { FaultRule, FaultRuleInput } from './fault-rule';
import type { CallDirector } from './player/call-director';

/** A listening emulator. */
export interface EmulatorHandle {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  /** `url + '/v2'`: what to pass as the SDK's baseURL. */
  readonly apiBaseUrl: string;
  readonly port: number;
  readonly state: EmulatorState;
  /** Base64 of the 32 raw bytes of the Ed25519 public key webhooks are signed with (TELNYX_PUBLIC_KEY). */
  readonly publicKey: string;
  /** The call player: inbound calls, transcripts, scripts for the numbers the emulator dials. */
  readonly calls: CallDirector;
  /** Faults, limits, dial log, reset: the same knobs as the /_emulator routes. */
  readonly control: EmulatorControl;
  addFaults(rules: FaultRuleInput | readonly FaultRuleInput[]): FaultRule[];
  clearFaults(): void;
  setLimits(change: Partial<EmulatorLimits>): EmulatorLimits;
  /** Stops playing calls, stops listening and cuts every open connection, hung requests included. */
  close(): Promise<void>;
}

/** Starts the emulator on `options.port` (default 0: an ephemeral port) and `options.host` (default 127.0.0.1). */
export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
  const context = createEmulatorContext(options);
  const server = createServer(createEmulatorApp(options, context));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const { control } = context;
  return {
    url,
    apiBaseUrl: `${url}/v2`,
    port,
    state: context.state,
    publicKey: context.signer.publicKeyBase64,
    calls: context.calls,
    control,
    addFaults: (rules) => control.addFaults(rules),
    clearFaults: () => control.clearFaults(),
    setLimits: (change) => control.setLimits(change),
    close: () => {
      closing ??= context.calls.close().then(
        () =>
          new Promise<void>((resolve) => {
            context.delays.cancelAll();
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      return closing;
    },
  };
}
