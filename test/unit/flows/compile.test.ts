import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFlowSet } from '../../../src/flows/load-flow-set';
import { compileClean, compileFlow, inputs, render, resume } from './flow-test-kit';
import { resumeFlow } from '../../../src/flows/flow-interpreter';

const flowA = 'flow: a\nstart: one\nsteps:\n  one:\n    - say: One\n    - hangup\n';
const flowB = 'flow: b\nstart: one\nsteps:\n  one:\n    - say: Bee\n    - hangup\n';

describe('flow versions', () => {
  it('when a flow is compiled twice from the same text, then it has the same version', () => {
    const first = compileClean({ 'flows/a.yaml': flowA, 'flows/b.yaml': flowB });
    const second = compileClean({ 'flows/a.yaml': flowA, 'flows/b.yaml': flowB });
    expect(first.flows.get('a')!.version).toBe(second.flows.get('a')!.version);
    expect(first.flows.get('a')!.version).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(first.version).toBe(second.version);
  });

  it('when one flow file changes, then only that flow (and the set) gets a new version', () => {
    const before = compileClean({ 'flows/a.yaml': flowA, 'flows/b.yaml': flowB });
    const after = compileClean({ 'flows/a.yaml': flowA.replace('One', 'Uno'), 'flows/b.yaml': flowB });
    expect(after.flows.get('a')!.version).not.toBe(before.flows.get('a')!.version);
    expect(after.flows.get('b')!.version).toBe(before.flows.get('b')!.version);
    expect(after.version).not.toBe(before.version);
  });
});

describe('static gotos are inlined', () => {
  const chain = `
start: s1
steps:
  s1:
    - say: One
    - goto: s2
  s2:
    - branch:
        - if: { value: call.from, prefix: "+1" }
          goto: s3
        - else: s4
  s3:
    - say: Three
    - redirect: { flow: main, step: s4 }
  s4:
    - say: Four
    - goto: s5
  s5:
    - say: Five
    - hangup
`;

  it('when a call passes a chain of gotos, branches and redirects, then one document answers it with no round trip', () => {
    const result = render(compileFlow(chain), 'main');
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>One</Say><Say>Three</Say><Say>Four</Say><Say>Five</Say><Hangup/></Response>');
    expect(result.trail).toEqual(['main.s1', 'main.s2', 'main.s3', 'main.s4', 'main.s5']);
    expect(result.ending).toBe('hangup');
    expect(result.waitingAt).toBeUndefined();
  });

  it('when a step has no templates, then its verbs are built once at load', () => {
    const set = compileFlow(chain);
    const say = set.flows.get('main')!.steps.get('s1')!.actions[0]!;
    expect(say.kind === 'emit' && say.fragment.staticFragment !== undefined).toBe(true);
  });

  it('when a step ends without hangup, goto or a waiting action, then Hangup is added', () => {
    const result = render(compileFlow('start: a\nsteps:\n  a:\n    - say: Done\n'), 'main');
    expect(result.texml).toContain('<Say>Done</Say><Hangup/></Response>');
    expect(result.ending).toBe('end-of-step');
  });
});

describe('loading from directories', () => {
  it('when flows/ holds *.scenarios.yaml files and non-YAML files, then only flow files are compiled', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flows-'));
    mkdirSync(join(root, 'flows'));
    mkdirSync(join(root, 'routes'));
    writeFileSync(join(root, 'flows', 'a.yaml'), flowA);
    writeFileSync(join(root, 'flows', 'a.scenarios.yaml'), 'not: a flow\n');
    writeFileSync(join(root, 'flows', 'notes.txt'), 'hello');
    writeFileSync(join(root, 'routes', 'routes.yml'), 'default: { flow: a }\n');
    const outcome = await loadFlowSet({ flowsDir: join(root, 'flows'), routesDir: join(root, 'routes'), baseDir: root }, { readEnv: () => undefined });
    expect(outcome.diagnostics).toEqual([]);
    expect([...outcome.set!.flows.keys()]).toEqual(['a']);
    expect(outcome.set!.flows.get('a')!.file).toBe(join('flows', 'a.yaml'));
  });
});

describe('a flow changed while a call waits in it', () => {
  const v1 = 'flow: main\nstart: ask\nsteps:\n  ask:\n    - say: Hi\n    - gather: { into: n, prompt: [{ say: Number? }], no_input: [], invalid: [], on_fail: ask, then: done }\n  done:\n    - say: "Got {{vars.n}}"\n';
  const waitingIn = (text: string) => {
    const set = compileClean({ 'flows/main.yaml': text });
    return render(set, 'main').waitingAt!;
  };

  it('when the flow did not change, then the call continues', () => {
    const set = compileClean({ 'flows/main.yaml': v1 });
    expect(resume(set, waitingIn(v1), { Digits: '4' }).texml).toContain('<Say>Got 4</Say>');
  });

  it('when the step and the waiting action kind are unchanged, then the call continues in the new version', () => {
    const v2 = v1.replace('Got {{vars.n}}', 'You entered {{vars.n}}').replace('Number?', 'Which number?');
    const set = compileClean({ 'flows/main.yaml': v2 });
    expect(resume(set, waitingIn(v1), { Digits: '4' }).texml).toContain('<Say>You entered 4</Say>');
  });

  it('when the action at that place is now of another kind, then the step starts again', () => {
    const v2 = v1.replace('    - gather:', '    - dial: { numbers: "+13125550101" }\n    - gather:');
    const state = waitingIn(v1);
    const set = compileClean({ 'flows/main.yaml': v2 });
    expect(state).toMatchObject({ action: 1, kind: 'gather' });
    const result = resume(set, state, { Digits: '4' });
    expect(result.texml).toContain('<Say>Hi</Say><Dial');
    expect(result.trail).toEqual(['main.ask']);
  });

  it('when a state from an older release has no action kind and the version differs, then the step starts again', () => {
    const { kind: _kind, ...old } = waitingIn(v1);
    const set = compileClean({ 'flows/main.yaml': v1.replace('Hi', 'Hello') });
    expect(resume(set, old, { Digits: '4' }).texml).toContain('<Say>Hello</Say><Gather');
  });

  it('when the step is gone, then the flow fallback is served with the reason', () => {
    const set = compileClean({ 'flows/main.yaml': 'flow: main\nstart: other\nfallback: [{ say: "Sorry." }, hangup]\nsteps:\n  other:\n    - hangup\n' });
    const result = resumeFlow(set, waitingIn(v1), inputs({ result: { Digits: '4' } }));
    expect(result).toMatchObject({ ending: 'fallback', fallbackReason: "step 'ask' no longer exists in flow 'main'" });
    expect(result.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry.</Say><Hangup/></Response>');
  });

  it('when the flow is gone, then the global fallback is served', () => {
    const set = compileClean({ 'flows/other.yaml': 'flow: other\nstart: a\nsteps:\n  a:\n    - hangup\n' });
    const result = resumeFlow(set, waitingIn(v1), inputs());
    expect(result).toMatchObject({ ending: 'fallback', fallbackReason: "unknown flow 'main'" });
    expect(result.texml).toContain("We're sorry, something went wrong.");
  });
});
