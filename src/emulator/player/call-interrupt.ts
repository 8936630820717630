import type { EndedBy } from './transcript-event';

/**
 * Stops what a played call is doing: it ends (`end`), or a REST update gave it a new TeXML
 * source (`redirect`). Thrown from inside a wait; the player's main loop catches it.
 */
export class CallInterrupt extends Error {
  constructor(
    readonly kind: 'end' | 'redirect',
    readonly by: EndedBy,
    override readonly cause: string,
  ) {
    super(`${kind}: ${by} (${cause})`);
    this.name = 'CallInterrupt';
  }

  static end(by: EndedBy, cause: string): CallInterrupt {
    return new CallInterrupt('end', by, cause);
  }
}
