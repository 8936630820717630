import type { Clock } from '../clock';
import type { EmulatedSecret } from '../emulator-models';
import type { StateEvents } from './state-events';

/** Secrets saved through the API, for the interpreter's `{{#secret}}NAME{{/secret}}`. */
export class SecretStore {
  private readonly secrets = new Map<string, EmulatedSecret>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
  ) {}

  /** Creates or replaces a secret (Telnyx replaces the value when the name exists). */
  save(name: string, value: string): void {
    const now = this.clock.now();
    const existing = this.secrets.get(name);
    this.secrets.set(name, { name, value, createdAt: existing?.createdAt ?? now, updatedAt: now });
    this.events.emit('secret.saved', name);
  }

  /** The secret's value, for the interpreter's `{{#secret}}NAME{{/secret}}` substitution. */
  valueOf(name: string): string | undefined {
    return this.secrets.get(name)?.value;
  }

  names(): string[] {
    return [...this.secrets.keys()];
  }

  clear(): void {
    this.secrets.clear();
  }
}
