import { Writable } from 'node:stream';

/** A log destination that hands each written line to a callback (the simulator reads the service's warnings). */
export class LineSink extends Writable {
  constructor(private readonly onLine: (line: string) => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.onLine(line);
    callback();
  }
}
