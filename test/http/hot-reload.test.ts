import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createTestApp, repoRoot, type TestApp } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const call = { CallSid: 'v3:reload', From: '+13125550199', To: '+13125550100' };

describe('hot reload', () => {
  let dir: string;
  let t: TestApp;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'texml-reload-'));
    cpSync(fixtures, dir, { recursive: true });
    t = await createTestApp({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes') });
    t.flows.watch(20);
  });
  afterEach(() => {
    t.flows.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a flow file is edited, then the new version serves without a restart', async () => {
    const before = t.flows.current!.version;
    const file = join(dir, 'flows/desk.yaml');
    const loaded = once(t.flows, 'loaded');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Enter your PIN.', 'Please enter your PIN.'));
    await loaded;
    expect(t.flows.current!.version).not.toBe(before);
    const res = await t.post('/voice', call).expect(200);
    expect(res.text).toContain('<Say>Please enter your PIN.</Say>');
  });

  it('when an edit introduces an error, then the last good set keeps serving and the error is logged with file:line:col', async () => {
    const before = t.flows.current!.version;
    const file = join(dir, 'flows/desk.yaml');
    const rejected = once(t.flows, 'rejected');
    writeFileSync(file, readFileSync(file, 'utf8').replace('then: thanks', 'then: thankz'));
    await rejected;
    expect(t.flows.current!.version).toBe(before);
    expect(t.flows.lastLoad).toMatchObject({ ok: false });
    expect(t.flows.lastLoad!.errors[0]).toMatch(/flows\/desk\.yaml:\d+:\d+: error: step 'ask' in flow 'desk' goes to unknown step 'thankz' \(hint: did you mean 'thanks'\?\)/);
    expect(t.logs.text).toContain("goes to unknown step 'thankz'");
    const res = await t.post('/voice', call).expect(200);
    expect(res.text).toContain('<Say>Enter your PIN.</Say>');
  });
});
