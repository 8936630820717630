import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { exampleDirs } from '../../support/examples';

const repoRoot = join(__dirname, '..', '..', '..');

/**
 * `texml-router <args>` in a child process (node -r tsx/cjs src/cli/main.ts), with its JSON log
 * lines parsed as they come, so a test can wait for one (no sleeps) and kill it.
 */
export class ServiceProcess {
  readonly child: ChildProcess;
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<{ match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', 'tsx/cjs', join(repoRoot, 'src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      // The child reads its configuration from its environment; PATH and HOME are all it inherits.
      // Flows: the examples' copy unless the test names its own (flows/ is the user's).
      env: { PATH: pathOf(), HOME: '/tmp', NODE_ENV: 'test', LOG_PRETTY: 'false', FLOWS_DIR: exampleDirs.flowsDir, ROUTES_DIR: exampleDirs.routesDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (text) => this.onLine(text));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  private onLine(text: string): void {
    this.raw.push(text);
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => (w.match(line) ? (w.resolve(line), false) : true));
  }

  waitFor(match: (line: Record<string, unknown>) => boolean, what = 'a log line', timeoutMs = 20000): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; output:\n${this.raw.join('\n')}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`process exited (${code}) before ${what}; output:\n${this.raw.join('\n')}`));
      });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

function pathOf(): string {
  // eslint-disable-next-line no-restricted-properties -- the child needs the PATH node was started with
  return process.env.PATH ?? '/usr/bin:/bin';
}
