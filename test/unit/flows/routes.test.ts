import { join } from 'node:path';
import { compileFlowSet } from '../../../src/flows/compile-flow-set';
import type { CompiledFlowSet } from '../../../src/flows/compiled-flow';
import { readFlowSources } from '../../../src/flows/load-flow-set';
import { CLOSED, OPEN, compileFlows, fixturesDir, loadExamples, render } from './flow-test-kit';

/** test/fixtures/flows/good/every-feature/routes/routes.yaml uses every kind of match. */
async function everyFeature(): Promise<CompiledFlowSet> {
  const dir = join(fixturesDir, 'good', 'every-feature');
  const sources = await readFlowSources({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes'), baseDir: dir });
  const outcome = compileFlowSet(sources, { readEnv: (name) => (name === 'SUPPORT_DESK' ? '+13125550111' : undefined) });
  if (!outcome.set) throw new Error('every-feature does not compile');
  return outcome.set;
}

describe('route matching', () => {
  let set: CompiledFlowSet;
  beforeAll(async () => {
    set = await everyFeature();
  });
  const resolve = (call: { to?: string; from?: string; connectionId?: string }, now = OPEN) => set.routes.resolve(call, now);

  it('when To equals a route number, then that route matches', () => {
    expect(resolve({ to: '+13125550100', from: '+15555550000' })).toEqual({ route: 'by-to', flow: 'everything', vars: {} });
  });

  it('when To is one of a list, then the route matches and its vars come along', () => {
    expect(resolve({ to: '+13125550102' })).toEqual({ route: 'by-to-list', flow: 'everything', vars: { tier: 'silver' } });
  });

  it('when From equals a number or one of a list, then the route matches', () => {
    expect(resolve({ to: '+19999999999', from: '+13125550199' }).route).toBe('by-from');
    expect(resolve({ to: '+19999999999', from: '+13125550197' }).route).toBe('by-from-list');
  });

  it('when From starts with a listed prefix, then the prefix route matches', () => {
    expect(resolve({ to: '+19999999999', from: '+4930123456' }).route).toBe('by-from-prefix');
    expect(resolve({ to: '+19999999999', from: '+4420123456' }).route).toBe('by-from-prefix');
    expect(resolve({ to: '+19999999999', from: '+3312345678' }).route).toBe('default');
  });

  it('when the call comes over a listed connection, then the connection route matches', () => {
    expect(resolve({ to: '+19999999999', from: '+3312345678', connectionId: '1494404757140276705' }).route).toBe('by-connection');
  });

  it('when a route needs its calendar closed or open, then the clock decides between them', () => {
    expect(resolve({ to: '+13125550103' }, CLOSED)).toEqual({ route: 'after-hours', flow: 'everything', vars: {} });
    expect(resolve({ to: '+13125550103' }, OPEN)).toEqual({ route: 'office-hours', flow: 'other', vars: {} });
  });

  it('when several routes match, then the first one in the file wins', () => {
    // by-to comes before by-from and by-connection, which this call also matches.
    expect(resolve({ to: '+13125550100', from: '+13125550199', connectionId: '1494404757140276705' }).route).toBe('by-to');
  });

  it('when no route matches, then the default takes the call with its vars', () => {
    expect(resolve({ to: '+19999999999', from: '+3312345678' })).toEqual({ route: 'default', flow: 'everything', vars: { tier: 'bronze' } });
    expect(resolve({})).toEqual({ route: 'default', flow: 'everything', vars: { tier: 'bronze' } });
  });

  it('when a route sets vars, then the flow renders with them over its own', () => {
    const match = resolve({ to: '+13125550101' });
    const set2 = compileFlows(
      { 'flows/main.yaml': 'flow: main\nstart: a\nvars: { tier: standard }\nsteps:\n  a:\n    - say: "Tier {{vars.tier}}"\n' },
      { routes: 'default: { flow: main }\n' },
    ).set!;
    expect(render(set2, 'main', undefined, { vars: match.vars }).texml).toContain('<Say>Tier silver</Say>');
    expect(render(set2, 'main').texml).toContain('<Say>Tier standard</Say>');
  });

  it('when a route has no name, then it is named by its position', () => {
    const outcome = compileFlows(
      { 'flows/main.yaml': 'flow: main\nstart: a\nsteps:\n  a:\n    - hangup\n' },
      { routes: 'routes:\n  - match: { to: "+13125550100" }\n    flow: main\ndefault: { flow: main }\n' },
    );
    expect(outcome.set!.routes.resolve({ to: '+13125550100' }, OPEN).route).toBe('routes[0]');
  });
});

describe('example routes', () => {
  it('when the shipped routes are loaded, then each example number reaches its flow', async () => {
    const { set } = await loadExamples();
    const flowFor = (to: string, now = OPEN) => set.routes.resolve({ to, from: '+13125550199' }, now).flow;
    expect(flowFor('+13125550142')).toBe('support-queue');
    expect(flowFor('+13125550142', CLOSED)).toBe('callback-request');
    expect(flowFor('+13125550143')).toBe('conference-bridge');
    expect(set.routes.resolve({ to: '+13125550144' }, OPEN)).toEqual({ route: 'conference-host', flow: 'conference-bridge', vars: { role: 'host' } });
    expect(flowFor('+13125550145')).toBe('callback-request');
    expect(flowFor('+13125550999')).toBe('main-line');
  });
});
