import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TurnBufferedDestination, type FlushableStream } from '../../../src/logging/turn-buffered-destination';

/** What the destination hands its lines to, as sonic-boom would take them. */
class RecordingStream implements FlushableStream {
  readonly writes: string[] = [];
  flushes = 0;
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  flush(cb?: (error?: Error) => void): void {
    this.flushes += 1;
    cb?.();
  }
  flushSync(): void {
    this.flushes += 1;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBufferedDestination', () => {
  it('when lines are written in one turn, then they are handed on together once the turn ends, and none is held past it', async () => {
    const target = new RecordingStream();
    const destination = new TurnBufferedDestination(target);
    destination.write('{"a":1}\n');
    destination.write('{"b":2}\n');
    expect(target.writes).toEqual([]);
    await nextTurn();
    expect(target.writes).toEqual(['{"a":1}\n{"b":2}\n']);
    destination.write('{"c":3}\n');
    await nextTurn();
    expect(target.writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('when flushed (logger.flush() at shutdown), then held lines go at once and the target is flushed', () => {
    const target = new RecordingStream();
    const destination = new TurnBufferedDestination(target);
    destination.write('{"late":true}\n');
    let done = false;
    destination.flush(() => void (done = true));
    expect(target.writes).toEqual(['{"late":true}\n']);
    expect(done).toBe(true);
  });

  it('when the process exits in the turn a line was logged (process.exit), then the line is still written', () => {
    const script = `
      const { createLogDestination } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'logging', 'log-destination.ts'))});
      const pino = require('pino');
      const logger = pino({ base: undefined, timestamp: false }, createLogDestination(1));
      logger.info('last words');
      process.exit(3);
    `;
    const child = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status).toBe(3);
    expect(child.stdout).toBe('{"level":30,"msg":"last words"}\n');
  });
});
