/**
 * GET webhooks refused because only their timestamp is signed (docs/security.md). /readyz reports
 * them, so a TeXML application left on GET shows up before anyone reads the logs.
 */
export class WebhookGetRefusals {
  count = 0;
  last: { at: string; path: string } | undefined;

  note(path: string, at: Date): void {
    this.count++;
    this.last = { at: at.toISOString(), path };
  }

  /** The /readyz warning, once a GET was refused. */
  warning(): string | undefined {
    if (this.count === 0) return undefined;
    return `${this.count} GET webhook(s) refused (last ${this.last?.path ?? '?'} at ${this.last?.at ?? '?'}): Telnyx signs only a GET's timestamp; set the TeXML application's voice and status callback methods to POST`;
  }
}
