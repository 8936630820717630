import { join } from 'node:path';
import request from 'supertest';
import { createStudioApp } from '../../src/http/create-studio-app';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';
import { createTestApp, repoRoot, type TestApp } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const ADMIN = 'studio-admin-token-0123456789';
const basic = `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}`;

describe('the studio (/studio)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { ADMIN_TOKEN: ADMIN } });
  });

  it('when opened without the admin token, then it asks for it (401 with a Basic challenge) and shows nothing', async () => {
    const res = await request(t.app).get('/studio').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    await request(t.app).get('/studio/flows/desk/graph.svg').expect(401);
    await request(t.app).get('/studio').set('Authorization', 'Basic ' + Buffer.from('admin:wrong').toString('base64')).expect(401);
  });

  it('when opened with the token (a browser\'s Basic auth), then every flow is listed, the load is reported and nothing is fetched from elsewhere', async () => {
    const res = await request(t.app).get('/studio').set('Authorization', basic).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const flow of t.flows.current!.flows.keys()) expect(res.text).toContain(`data-flow="${flow}"`);
    expect(res.text).toContain('no problems');
    for (const { route, flow } of t.flows.current!.routes.list()) expect(res.text).toContain(`${route} → ${flow}`);
    expect(res.text).toContain('<script src="studio/studio.js"></script>');
    expect(res.text).not.toMatch(/(src|href)="https?:/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it("when a flow's graph is asked for, then it is an SVG with one group per step", async () => {
    const flow = t.flows.current!.flows.get('desk')!;
    const res = await request(t.app).get('/studio/flows/desk/graph.svg').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.text ?? res.body.toString();
    for (const step of flow.steps.keys()) expect(svg).toContain(`data-step="${step}"`);
    await request(t.app).get('/studio/flows/nope/graph.svg').set('Authorization', `Bearer ${ADMIN}`).expect(404);
  });

  it('when a step is clicked, then its TeXML comes back as render prints it (readable action URLs)', async () => {
    const flow = t.flows.current!.flows.get('desk')!;
    const res = await request(t.app).get(`/studio/flows/desk/steps/${flow.start}`).set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(res.body.texml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
    expect(res.body.trail[0]).toBe(`desk.${flow.start}`);
    expect(res.body.texml).not.toMatch(/state=/);
    await request(t.app).get('/studio/flows/desk/steps/nope').set('Authorization', `Bearer ${ADMIN}`).expect(404);
  });

  it('when calls have been answered, then the traffic of each step comes from the counters (visits and where calls ended), and 503 without an event store', async () => {
    await request(t.app).get('/studio/flows/desk/traffic').set('Authorization', `Bearer ${ADMIN}`).expect(503);
    const r = await testRedis();
    try {
      const store = new EventStore(r.redis, { prefix: r.prefix, retentionSeconds: 3600 });
      const logger = createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });
      const app = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { ADMIN_TOKEN: ADMIN }, events: () => ({ store, ingestor: new CallbackIngestor(store, logger) }) });
      const call = { CallSid: 'v3:studio-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'ringing' };
      const first = await app.post('/voice', call).expect(200);
      expect(first.text).toContain('<Gather');
      const start = `desk.${app.flows.current!.flows.get('desk')!.start}`;
      await app.post('/callbacks/call-status', { ...call, CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '4' }).expect(200);
      for (;;) {
        const traffic = await request(app.app).get('/studio/flows/desk/traffic?hours=1').set('Authorization', `Bearer ${ADMIN}`).expect(200);
        if (traffic.body.visits[start] === 1 && Object.values(traffic.body.ended).length === 1) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await request(app.app).get('/studio/flows/desk/traffic?hours=0').set('Authorization', `Bearer ${ADMIN}`).expect(422);
      // The call's path: the steps its documents passed through.
      const path = await request(app.app).get('/studio/calls/v3:studio-1').set('Authorization', `Bearer ${ADMIN}`).expect(200);
      expect(path.body).toMatchObject({ callSid: 'v3:studio-1', status: 'completed', steps: [start] });
      await request(app.app).get('/studio/calls/v3:nobody').set('Authorization', `Bearer ${ADMIN}`).expect(404);
    } finally {
      await r.cleanup();
    }
  });

  it('when run locally (texml-router studio), then the same page is served without a token or Redis, and traffic says there is none', async () => {
    const local = createStudioApp({ flows: t.flows });
    const page = await request(local).get('/studio').expect(200);
    expect(page.text).toContain('data-flow="desk"');
    await request(local).get('/studio/flows/desk/graph.svg').expect(200);
    await request(local).get('/studio/flows/desk/traffic').expect(503);
    await request(local).get('/studio/calls/v3:any').expect(503);
    await request(local).get('/studio/campaigns').expect(503);
    await request(local).get('/').expect(302);
  });
});
