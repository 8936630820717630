import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileFlowSet } from '../../../src/flows/compile-flow-set';
import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import { readFlowSources } from '../../../src/flows/load-flow-set';
import { compileFlows, fixturesDir } from './flow-test-kit';

/*
 * test/fixtures/flows/bad: each fixture is either
 * - NAME.yaml, one flow compiled with the shared resources and `default: { flow: NAME }`, with the
 *   diagnostics it must produce in NAME.expected.txt; or
 * - NAME/ with flows/ and routes/ subdirectories and NAME/expected.txt.
 * Expected files hold every diagnostic, exactly as `validate` prints it (file:line:col included).
 */
const badDir = join(fixturesDir, 'bad');
const goodDir = join(fixturesDir, 'good');

const expected = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

async function diagnosticsOfDir(dir: string, env: Record<string, string> = {}): Promise<string[]> {
  const sources = await readFlowSources({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes'), baseDir: dir });
  return compileFlowSet(sources, { readEnv: (name) => env[name] }).diagnostics.map(formatDiagnostic);
}

const fileFixtures = readdirSync(badDir).filter((name) => name.endsWith('.yaml')).sort();
const dirFixtures = readdirSync(badDir).filter((name) => statSync(join(badDir, name)).isDirectory()).sort();

describe('bad flow fixtures', () => {
  it.each(fileFixtures)('when %s is loaded, then exactly its expected diagnostics are reported', (file) => {
    const name = basename(file, '.yaml');
    const outcome = compileFlows({ [`flows/${file}`]: readFileSync(join(badDir, file), 'utf8') }, { routes: `default: { flow: ${name} }\n` });
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual(expected(join(badDir, `${name}.expected.txt`)));
  });

  it.each(dirFixtures)('when the project %s/ is loaded, then exactly its expected diagnostics are reported', async (dir) => {
    expect(await diagnosticsOfDir(join(badDir, dir))).toEqual(expected(join(badDir, dir, 'expected.txt')));
  });

  it('when a fixture has errors, then no flow set is produced (the last good set keeps serving)', () => {
    const file = 'cycle.yaml';
    const outcome = compileFlows({ [`flows/${file}`]: readFileSync(join(badDir, file), 'utf8') }, { routes: 'default: { flow: cycle }\n' });
    expect(outcome.set).toBeUndefined();
  });

  it('when a fixture has warnings only, then the flow set is produced along with them', () => {
    const file = 'prompt-defaults.yaml';
    const outcome = compileFlows({ [`flows/${file}`]: readFileSync(join(badDir, file), 'utf8') }, { routes: 'default: { flow: prompt-defaults }\n' });
    expect(outcome.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(outcome.set?.flows.has('prompt-defaults')).toBe(true);
  });

  it('when every static check is looked for, then some fixture covers it', () => {
    const all = [
      ...fileFixtures.flatMap((file) => expected(join(badDir, `${basename(file, '.yaml')}.expected.txt`))),
      ...dirFixtures.flatMap((dir) => expected(join(badDir, dir, 'expected.txt'))),
    ].join('\n');
    const checks: [string, RegExp][] = [
      ['YAML syntax', /error: YAML: /],
      ['duplicate YAML key', /error: duplicate key 'welcome'/],
      ['unknown key with did you mean', /unknown key 'timout' in 'dial' \(hint: did you mean 'timeout'\? allowed: numbers, /],
      ['wrong type', /must be a boolean \(got string\)/],
      ['out of range', /must be at most 180/],
      ['missing key', /'gather.into' is required/],
      ['unknown action', /unknown action 'sya' \(hint: did you mean 'say'\?\)/],
      ['unknown step target with nearest name', /goes to unknown step 'main_meny' \(hint: did you mean 'main_menu'\?\)/],
      ['unknown flow target', /goes to unknown flow 'suport-queue'/],
      ['duplicate flow name', /flow 'main' is already defined in/],
      ['unreachable step (warning)', /warning: step 'forgotten' .* is unreachable/],
      ['action after the end of a step (warning)', /warning: action 'say' in step 'welcome' never runs/],
      ['cycle without waiting', /error: steps cycle.third -> cycle.third loop forever/],
      ['gather defaults (warning)', /warning: gather in step 'pin' has no invalid, on_fail; using defaults/],
      ['menu defaults (warning)', /warning: menu in step 'pin' has no no_input, invalid; using defaults/],
      ['unknown template reference', /unknown template reference '\{\{call.form\}\}' \(hint: did you mean 'call.from'\?\)/],
      ['undeclared env', /unknown template reference '\{\{env.HOME\}\}' \(hint: list it under env: in the flow\)/],
      ['undeclared secret', /secret 'api_tokn' is not declared in the secrets manifest/],
      ['route to a missing flow', /route goes to unknown flow 'mian' \(hint: did you mean 'main'\?\)/],
      ['missing default route', /error: no default route/],
      ['unknown calendar', /unknown calendar 'ofice' \(hint: did you mean 'office'\?\)/],
      ['unknown queue', /queue 'suport' is not declared \(hint: did you mean 'support'\?\)/],
      ['unknown time zone', /unknown time zone 'Europe\/Atlantis'/],
      ['reject not first', /reject in step 'welcome' is not the first action/],
      ['reject after verbs', /step 'blocked' starts with reject but is reached from reject-late.relay after the caller already heard something/],
      ['reject after a wait', /step 'reject_it' starts with reject but is reached from menu-input.sales after the call was answered/],
      ['brace next to a tag', /a brace right next to a template tag/],
      ['schema and reference errors in one run', /schema-and-references.yaml:11:13: error: step 'welcome' in flow 'schema-and-references' goes to unknown step 'main_meny'/],
      ['key indented too little, with a hint', /indent-key-too-little.yaml:7:8: error: bad indentation: 'prompt' does not line up with 'into' on line 6 \(hint: 'prompt' is indented 7 spaces; its siblings use 8\)/],
      ['key indented too deep', /indent-key-too-deep.yaml:7:11: error: bad indentation: 'prompt' is indented deeper than 'into' on line 6/],
      ['first key of a run misindented, blamed (not the next line)', /indent-first-key.yaml:6:10: error: bad indentation: 'into' does not line up with 'num_digits' on line 7/],
      ['tab as indentation', /indent-tab.yaml:6:1: error: a tab indents this line/],
      ['misaligned list item', /indent-list-item.yaml:6:6: error: bad indentation: this list item does not line up/],
      ['action key at the depth of the action', /indent-action-key.yaml:6:7: .*hint: 'text' is indented as far as 'say'/],
      ['unknown key lists the allowed keys', /unknown key 'params' in 'start.stream' \(hint: allowed: url, name, track, bidirectional, enable_reconnect, parameters\)/],
      ['unclosed template tag at its line:col', /template-tags.yaml:5:25: error: unclosed tag '\{\{caller.number'/],
      ['template reference at its tag in a block scalar', /template-tags.yaml:13:19: error: unknown template reference '\{\{input.digitz\}\}'/],
    ];
    const missing = checks.filter(([, pattern]) => !pattern.test(all)).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe('good flow fixtures', () => {
  it.each(readdirSync(goodDir).sort())('when the project %s/ is loaded, then it compiles with no diagnostics', async (dir) => {
    expect(await diagnosticsOfDir(join(goodDir, dir), { SUPPORT_DESK: '+13125550111' })).toEqual([]);
  });
});

describe('diagnostic format', () => {
  it('when a diagnostic is printed, then it reads file:line:col: severity: message (hint: ...)', () => {
    expect(formatDiagnostic({ file: 'flows/a.yaml', line: 3, column: 5, severity: 'error', message: 'bad', hint: 'fix it' })).toBe('flows/a.yaml:3:5: error: bad (hint: fix it)');
    expect(formatDiagnostic({ file: 'flows/a.yaml', line: 1, column: 1, severity: 'warning', message: 'meh' })).toBe('flows/a.yaml:1:1: warning: meh');
  });
});
