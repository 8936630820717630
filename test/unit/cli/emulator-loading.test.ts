import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { examplesDir } from '../../support/examples';

const repoRoot = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
// A cold child compiles the CLI through tsx: allow it more than Jest's default on a busy machine.
const CHILD_TIMEOUT_MS = 90_000;

/**
 * Runs the real CLI in a child process and returns the src/ files it loaded (read from
 * require.cache at exit by test/support/report-loaded-sources.ts).
 */
async function sourcesLoadedBy(args: string[]): Promise<string[]> {
  const preload = join(repoRoot, 'test', 'support', 'report-loaded-sources.ts');
  const main = join(repoRoot, 'src', 'cli', 'main.ts');
  let stderr: string;
  try {
    ({ stderr } = await run(process.execPath, ['-r', 'tsx/cjs', '-r', preload, main, ...args], { cwd: examplesDir, timeout: CHILD_TIMEOUT_MS }));
  } catch (error) {
    throw new Error(`texml-router ${args.join(' ')} failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  }
  const line = stderr.split('\n').find((l) => l.startsWith('loaded-sources: '));
  if (line === undefined) throw new Error(`no loaded-sources line in:\n${stderr}`);
  return JSON.parse(line.slice('loaded-sources: '.length)) as string[];
}

describe('which commands load the emulator', () => {
  it('when the CLI prints its help (every command registered), then no file of src/emulator or src/simulator is loaded', async () => {
    const loaded = await sourcesLoadedBy(['--help']);
    expect(loaded).toContain('src/cli/commands/emulate-command.ts');
    expect(loaded.filter((file) => file.startsWith('src/emulator/') || file.startsWith('src/simulator/'))).toEqual([]);
  }, CHILD_TIMEOUT_MS);

  it('when validate runs on the examples project, then it loads the flows but no file of src/emulator or src/simulator', async () => {
    const loaded = await sourcesLoadedBy(['validate']);
    expect(loaded).toContain('src/cli/commands/validate-command.ts');
    expect(loaded.some((file) => file.startsWith('src/flows/'))).toBe(true);
    expect(loaded.filter((file) => file.startsWith('src/emulator/') || file.startsWith('src/simulator/'))).toEqual([]);
  }, CHILD_TIMEOUT_MS);
});
