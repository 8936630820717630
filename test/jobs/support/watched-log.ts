import { LogCapture } from '../../support/log-capture';

type Line = Record<string, unknown>;

/** A log capture that can be awaited: resolves on the first line (past or future) that matches. */
export class WatchedLog extends LogCapture {
  private waiters: Array<{ match: (line: Line) => boolean; resolve: (line: Line) => void }> = [];

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._write(chunk, encoding, (error) => {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as Line;
        this.waiters = this.waiters.filter((w) => (w.match(line) ? (w.resolve(line), false) : true));
      }
      callback(error);
    });
  }

  waitFor(match: (line: Line) => boolean): Promise<Line> {
    const seen = this.records().find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
