import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../config';
import type { ServiceClock } from '../../clock';
import { serviceClockFrom } from '../../config';
import type { EmulatorHandle } from '../../emulator';
import { createLogger } from '../../logging';
import { addClockOptions, clockOverrides, type ClockFlags } from '../clock-options';

export interface EmulateOptions extends ClockFlags {
  port?: number;
  host?: string;
  voiceUrl?: string;
  appName: string;
  statusCallback?: string;
  quiet?: boolean;
  callbacks?: boolean;
}

/** Loads config or prints every problem and exits 1 (commands that do not run the service). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`texml-router: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints every played call's transcript as it happens. */
export async function printTranscripts(emulator: EmulatorHandle, write: (line: string) => void, options: { callbacks?: boolean } = {}): Promise<void> {
  const { liveTranscriptLine } = await import('../../emulator');
  emulator.calls.on('transcript.event', (callSid, event) => {
    const line = liveTranscriptLine(callSid, event, options);
    if (line) write(`${line}\n`);
  });
}

/** Stops on SIGINT/SIGTERM: `close` runs once, then the process exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`texml-router: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerEmulateCommand(program: Command): void {
  addClockOptions(program.command('emulate'))
    .description('run the local Telnyx emulator: the TeXML REST API, and a call player that calls your service')
    .option('--port <port>', 'port to listen on (default EMULATOR_PORT, 4010)', (v) => Number.parseInt(v, 10))
    .option('--host <host>', 'interface to bind (default 127.0.0.1; the /_emulator routes have no auth)')
    .option('--voice-url <url>', "create a TeXML application whose voice_url is this (e.g. http://127.0.0.1:3000/voice)")
    .option('--app-name <name>', 'friendly name of that application', 'texml-router')
    .option('--status-callback <url>', "that application's status_callback")
    .option('--quiet', 'do not print call transcripts')
    .option('--callbacks', 'print callbacks in the transcripts too')
    .action(async (options: EmulateOptions) => {
      // The emulator is a third of src/: only the commands that run it load it.
      const { applicationInput, startEmulator } = await import('../../emulator');
      const config = loadConfigOrExit();
      const logger = createLogger({ level: config.logLevel, pretty: config.logPretty, secretValues: config.secretValues, base: { role: 'emulator' } });
      const port = options.port ?? config.emulatorPort;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number; got ${String(options.port)}`);
      let clock: ServiceClock;
      try {
        clock = serviceClockFrom({ ...config, ...clockOverrides(options) });
      } catch (error) {
        process.stderr.write(`texml-router: ${(error as Error).message}\n`);
        process.exit(1);
      }
      // A controlled clock: the emulator's timestamps, dial windows and played calls go by it.
      const emulator = await startEmulator({ apiKey: config.emulatorApiKey, port, host: options.host ?? '127.0.0.1', logger, ...(clock.controlled ? { clock } : {}) });
      closeOnSignals(() => emulator.close());
      const out = (text: string) => void process.stdout.write(text);
      out(`Telnyx emulator listening on ${emulator.url}\n`);
      if (clock.controlled) out(`  clock: ${clock.describe()}\n`);
      out(`  REST API (TELNYX_API_BASE_URL): ${emulator.apiBaseUrl}   key: the value of EMULATOR_API_KEY\n`);
      out(`  webhook public key (TELNYX_PUBLIC_KEY): ${emulator.publicKey}\n`);
      if (options.voiceUrl) {
        const application = emulator.state.applications.create(
          applicationInput(options.appName, options.voiceUrl, options.statusCallback ? { statusCallback: options.statusCallback } : {}),
        );
        out(`  TeXML application ${application.id} "${application.friendlyName}" -> ${application.voiceUrl}\n`);
        out(`  place a call: curl -s -X POST ${emulator.url}/_emulator/inbound -H 'content-type: application/json' -d '{"from":"+13125550199","to":"+13125550100"}'\n`);
      }
      if (!options.quiet) await printTranscripts(emulator, out, { callbacks: options.callbacks === true });
    });
}
