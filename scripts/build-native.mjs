// `npm install` builds the C addon that does per key once what would otherwise be done per webhook
// (native/fixed-key-crypto): Telnyx's signatures checked with the key's multiples tabled, state
// tokens sealed with an AES key set up once. It needs a C compiler and node's headers; without them
// the install still succeeds, the service uses libsodium and node's crypto, and says so at start.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, 'native', 'fixed-key-crypto');

function nodeGyp() {
  // npm gives its own node-gyp to lifecycle scripts; a project-local one is the fallback.
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const besideNpm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return existsSync(besideNpm) ? besideNpm : undefined;
  }
}

const gyp = nodeGyp();
const result = gyp ? spawnSync(process.execPath, [gyp, 'rebuild', `--directory=${addon}`], { stdio: 'inherit' }) : undefined;
if (!result || result.status !== 0) {
  const why = !gyp ? 'node-gyp was not found' : result.error ? result.error.message : `node-gyp exited ${result.status}`;
  process.stderr.write(`texml-router: the crypto addon (native/fixed-key-crypto) was not built (${why}). Webhook signatures will be verified with libsodium, at about 3 times the CPU, and state tokens sealed by node's crypto; install a C compiler (build-essential) and run npm rebuild to build it.\n`);
}
