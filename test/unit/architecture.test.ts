import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The layer list the lint rule is generated from (eslint.config.mjs). */
function lintLayers(): string[] {
  const match = /const layers = \[([^\]]+)\]/.exec(readFileSync(join(root, 'eslint.config.mjs'), 'utf8'));
  if (!match) throw new Error('eslint.config.mjs has no `const layers = [...]`');
  return [...match[1]!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
}

/** The modules docs/architecture.md draws, top to bottom. */
function documentedLayers(): string[] {
  const page = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const block = page.slice(page.indexOf('<!-- layers:start -->'), page.indexOf('<!-- layers:end -->'));
  return [...block.matchAll(/^([a-z-]+)\/ /gm)].map((m) => m[1]!);
}

describe('architecture: the layering the linter enforces', () => {
  it('when the lint rule and docs/architecture.md are compared, then they list the same modules in the same order', () => {
    expect(documentedLayers()).toEqual(lintLayers());
  });

  it('when src/ is listed, then every module has its place in the layering', () => {
    const modules = readdirSync(join(root, 'src')).filter((name) => statSync(join(root, 'src', name)).isDirectory());
    expect(modules.filter((name) => !lintLayers().includes(name))).toEqual([]);
  });
});
