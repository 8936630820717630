import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', '..', 'scripts', 'build-native.mjs');

/** Runs the install script with `nodeGyp` standing in for npm's node-gyp (nothing is rebuilt). */
function install(nodeGyp: string): { status: number | null; stderr: string; args: string } {
  const dir = mkdtempSync(join(tmpdir(), 'build-native-'));
  try {
    const fake = join(dir, 'node-gyp.js');
    const seen = join(dir, 'args');
    writeFileSync(fake, nodeGyp.replace('ARGS_FILE', JSON.stringify(seen)));
    const run = spawnSync(process.execPath, [script], { env: { npm_config_node_gyp: fake }, encoding: 'utf8' });
    let args = '';
    try {
      args = readFileSync(seen, 'utf8');
    } catch {
      // node-gyp was not run
    }
    return { status: run.status, stderr: run.stderr, args };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('scripts/build-native.mjs (npm install’s install script)', () => {
  it('when node-gyp builds, then it is asked to rebuild native/fixed-key-crypto, and the install succeeds quietly', () => {
    const run = install("require('node:fs').writeFileSync(ARGS_FILE, process.argv.slice(2).join(' '));");
    expect(run.status).toBe(0);
    expect(run.args).toMatch(/^rebuild --directory=.*native[/\\]fixed-key-crypto$/);
    expect(run.stderr).toBe('');
  });

  it('when node-gyp fails (no C compiler), then the install still succeeds, and says what is lost and how to build it later', () => {
    const run = install("require('node:fs').writeFileSync(ARGS_FILE, 'ran'); process.exit(1);");
    expect(run.args).toBe('ran');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('the crypto addon (native/fixed-key-crypto) was not built (node-gyp exited 1)');
    expect(run.stderr).toContain('verified with libsodium');
    expect(run.stderr).toContain('run npm rebuild');
  });
});
