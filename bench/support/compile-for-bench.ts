import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository's root (this file is bench/support/compile-for-bench.ts). */
const ROOT = join(__dirname, '..', '..');

export interface CompiledBench {
  /** The entry's compiled JavaScript. */
  file: string;
  /** Deletes the compiled tree. */
  remove(): void;
}

/**
 * Compiles `entry` and everything it imports with tsc, as `npm run build` compiles the service,
 * so a bench measures the service as production runs it (node on tsc's output), not through tsx:
 * tsx's esbuild wraps closures in __name() calls (keepNames), a cost that is ours alone when the
 * baseline is plain JavaScript from node_modules. The tree goes under .bench-build/ (ignored by
 * git and ESLint) so the compiled files resolve node_modules as the sources do.
 */
export function compileForBench(entry: string): CompiledBench {
  const buildRoot = join(ROOT, '.bench-build');
  const outDir = join(buildRoot, randomUUID().slice(0, 8));
  const tsc = require.resolve('typescript/bin/tsc');
  // The options of tsconfig.json that change emitted code; its include list is not wanted (tsc compiles the entry's imports only).
  execFileSync(process.execPath, [tsc, '--outDir', outDir, '--rootDir', ROOT, '--module', 'commonjs', '--moduleResolution', 'node', '--target', 'ES2022', '--lib', 'ES2023', '--types', 'node', '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', entry], { stdio: 'inherit' });
  return {
    file: join(outDir, relative(ROOT, entry).replace(/\.ts$/, '.js')),
    remove: () => {
      rmSync(outDir, { recursive: true, force: true });
      // The folder itself goes too unless another run is using it.
      if (readdirSync(buildRoot).length === 0) rmSync(buildRoot, { recursive: true, force: true });
    },
  };
}
