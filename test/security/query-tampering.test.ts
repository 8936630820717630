import { join } from 'node:path';
import request from 'supertest';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const call = { CallSid: 'v3:call-a', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };

describe('issue 12: nothing unsigned steers a call', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes') });
  });

  it('F1/F3: when a signed body is replayed with ?flow= and ?var.* added, then the unsealed variables change nothing', async () => {
    const res = await t.post('/voice?flow=desk&var.tier=gold', call).expect(200);
    const next = await t.post(actionPath(res.text), { ...call, Digits: '1234' }).expect(200);
    expect(next.text).toContain('standard line.');
    expect(next.text).not.toContain('gold');
  });

  it('F2: when ?flow= names a flow that is not an entry point, then the fallback answers and the reason is counted', async () => {
    const res = await t.post('/voice?flow=queued', call).expect(200);
    expect(res.text).toContain("We're sorry, something went wrong.");
    expect(t.logs.text).toContain('is not an entry point');
  });

  it('F2: when /campaigns/answer gets ?flow=, ?machine=step: and ?var.* in plain query, then no state is sealed from them and the fallback answers', async () => {
    for (const answeredBy of ['human', 'machine_end_beep']) {
      const res = await t.post('/campaigns/answer?flow=desk&machine=step:start&var.role=host&contact=1&attempt=1', { ...call, AnsweredBy: answeredBy }).expect(200);
      expect(res.text).toContain("We're sorry, something went wrong.");
      expect(res.text).not.toMatch(/state=/);
    }
    expect(t.logs.text).toContain('campaign answer link refused');
  });

  it('cross-call: when a state token issued for call A is presented by call B, then it is refused', async () => {
    const first = await t.post('/voice', call);
    const res = await t.post(actionPath(first.text), { ...call, CallSid: 'v3:call-b', Digits: '1234' }).expect(200);
    expect(res.text).toContain("We're sorry, something went wrong.");
    expect(t.logs.text).toContain('issued for another call');
  });

  it('F5: when an unsigned 60 KB body arrives, then it gets 403 and one small log line', async () => {
    const body = `CallSid=${'x'.repeat(60 * 1024)}`;
    await request(t.app).post('/voice').type('form').send(body).expect(403);
    expect(t.logs.text.length).toBeLessThan(2000);
  });
});
