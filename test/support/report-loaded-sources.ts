/**
 * Preloaded into a child process (`node -r tsx/cjs -r test/support/report-loaded-sources.ts ...`):
 * when the process exits, writes the project source files it loaded to stderr as one line,
 * `loaded-sources: [...]`, paths relative to the repository. tsx compiles through require, so
 * require.cache holds every .ts file the process ran.
 */
import { relative, sep } from 'node:path';

const repoRoot = relative(process.cwd(), `${__dirname}${sep}..${sep}..`) || '.';

process.on('exit', () => {
  const sources = Object.keys(require.cache)
    .map((file) => relative(repoRoot, file).split(sep).join('/'))
    .filter((file) => file.startsWith('src/'));
  process.stderr.write(`loaded-sources: ${JSON.stringify(sources)}\n`);
});
