import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { findIndentationProblems } from '../../../src/source/indentation-check';
import { repoRoot } from './flow-test-kit';

/** Every YAML file under test/fixtures (flows, routes, campaigns, scenarios of many shapes). */
function fixtureYaml(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtureYaml(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('indentation check', () => {
  it('when a YAML file parses, then the indentation check finds nothing in it', () => {
    const valid = fixtureYaml(join(repoRoot, 'test', 'fixtures')).filter((path) => parseDocument(readFileSync(path, 'utf8')).errors.length === 0);
    expect(valid.length).toBeGreaterThan(50);
    const flagged = valid.filter((path) => findIndentationProblems(readFileSync(path, 'utf8')).length > 0);
    expect(flagged).toEqual([]);
  });

  it('when block scalars, quoted strings over several lines and lists at their key\'s column are used, then nothing is flagged', () => {
    const text = [
      'steps:',
      '  welcome:',
      '  - say: |',
      '      Hello',
      '        there',
      '    text: x',
      '  - say: "a long',
      '   text"',
      '  - set: { a: 1,',
      '      b: 2 }',
      'next:',
      '- 1',
      'last: true',
    ].join('\n');
    expect(findIndentationProblems(text)).toEqual([]);
  });

  it('when a key sits between two levels, then it is compared with the nearest sibling', () => {
    expect(findIndentationProblems('a:\n  b:\n    c: 1\n   d: 2\n')).toEqual([
      { line: 4, column: 4, message: "bad indentation: 'd' does not line up with 'c' on line 3", hint: "'d' is indented 3 spaces; its siblings use 4" },
    ]);
  });
});
