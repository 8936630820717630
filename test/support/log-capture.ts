import { Writable } from 'node:stream';

/** A pino destination that keeps every line, for asserting on log output. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
