import { Router } from 'express';
import type { FlowSetSource, LoadReport } from '../../flows/flow-set-holder';
import { flowGraph } from '../../flows/flow-graph';
import { flowGraphSvg } from '../../flows/flow-graph-svg';
import { renderFlow } from '../../flows/flow-interpreter';
import { defaultRenderParams, readableFlowLinks } from '../../flows/readable-flow-links';
import { callFromParameters } from '../../templates/call-context';
import type { CampaignService } from '../../campaigns/campaign-service';
import type { EventStore } from '../../events/event-store';
import { STUDIO_SCRIPT, studioPage } from '../studio-page';

export interface StudioDependencies {
  flows: FlowSetSource & { readonly lastLoad?: LoadReport };
  /** The event store: traffic counters and call timelines; absent without Redis. */
  traffic?: Pick<EventStore, 'flowTraffic' | 'timeline'>;
  /** Campaign progress; absent without Redis. */
  campaigns?: Pick<CampaignService, 'list'>;
  /** The scenarios' coverage per flow (`texml-router studio --coverage`), drawn over the graphs. */
  coverage?: ReadonlyArray<{ flow: string; percent: number; steps: { missed: string[] }; edges: { missed: string[] } }>;
  now?: () => Date;
}

/**
 * `/studio` (behind ADMIN_TOKEN): every flow, its graph, the last load's problems, and a step's
 * TeXML as `texml-router render` prints it (readable action URLs, the default test call).
 */
export function studioRoutes(deps: StudioDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.get('/studio', (_req, res) => {
    const set = deps.flows.current;
    const flows = set ? [...set.flows.values()].map((flow) => ({ name: flow.name, steps: flow.steps.size, file: flow.file })) : [];
    const last = deps.flows.lastLoad;
    res
      .status(200)
      .type('text/html; charset=utf-8')
      .set('Cache-Control', 'no-store')
      .set('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'")
      .send(studioPage({ flows, routes: set ? set.routes.list() : [], problems: last && !last.ok ? last.errors : [], loadedAt: last ? last.at.toISOString() : null }));
  });
  router.get('/studio/studio.js', (_req, res) => {
    res.status(200).type('text/javascript; charset=utf-8').set('Cache-Control', 'no-store').send(STUDIO_SCRIPT);
  });
  router.get('/studio/flows/:flow/graph.svg', (req, res) => {
    const flow = deps.flows.current?.flows.get(req.params.flow);
    if (!flow) {
      res.status(404).json({ error: 'FLOW_NOT_FOUND', message: `no flow '${req.params.flow.slice(0, 130)}'` });
      return;
    }
    res.status(200).type('image/svg+xml').set('Cache-Control', 'no-store').send(flowGraphSvg(flowGraph(flow)));
  });
  router.get('/studio/flows/:flow/traffic', async (req, res) => {
    if (!deps.traffic) {
      res.status(503).json({ error: 'EVENTS_NOT_CONFIGURED', message: 'this process keeps no call events (no Redis): no traffic to show' });
      return;
    }
    const hours = Number(req.query.hours ?? 24);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 31) {
      res.status(422).json({ error: 'REQUEST_INVALID', message: 'hours must be a whole number from 1 to 744' });
      return;
    }
    const until = now();
    res.status(200).set('Cache-Control', 'no-store').json(await deps.traffic.flowTraffic(req.params.flow, new Date(until.getTime() - hours * 3_600_000), until));
  });
  router.get('/studio/calls/:sid', async (req, res) => {
    const timeline = deps.traffic ? await deps.traffic.timeline(req.params.sid) : undefined;
    if (!timeline) {
      res.status(deps.traffic ? 404 : 503).json({ error: 'CALL_NOT_FOUND', message: deps.traffic ? `no timeline for call '${req.params.sid.slice(0, 130)}'` : 'this process keeps no call events (no Redis)' });
      return;
    }
    // The steps the call's documents passed through, in order (flow.step).
    const steps = timeline.events.filter((event) => event.kind === 'flow' && event.data.steps).flatMap((event) => event.data.steps!.split(' '));
    res.status(200).set('Cache-Control', 'no-store').json({ callSid: timeline.summary.callSid, status: timeline.summary.status, flow: timeline.summary.flow, steps });
  });
  router.get('/studio/flows/:flow/coverage', (req, res) => {
    const coverage = deps.coverage?.find((c) => c.flow === req.params.flow);
    if (!coverage) {
      res.status(404).json({ error: 'NO_COVERAGE', message: deps.coverage ? `no scenario passes through flow '${req.params.flow.slice(0, 130)}'` : 'no coverage here (texml-router studio --coverage plays the scenarios)' });
      return;
    }
    res.status(200).json(coverage);
  });
  router.get('/studio/campaigns', async (_req, res) => {
    if (!deps.campaigns) {
      res.status(503).json({ error: 'CAMPAIGNS_NOT_CONFIGURED', message: 'this process has no campaign service (no Redis)' });
      return;
    }
    res.status(200).set('Cache-Control', 'no-store').json({ campaigns: await deps.campaigns.list() });
  });
  router.get('/studio/flows/:flow/steps/:step', (req, res) => {
    const set = deps.flows.current;
    const flow = set?.flows.get(req.params.flow);
    if (!set || !flow || !flow.steps.has(req.params.step)) {
      res.status(404).json({ error: 'STEP_NOT_FOUND', message: `no step '${req.params.step.slice(0, 130)}' in flow '${req.params.flow.slice(0, 130)}'` });
      return;
    }
    const result = renderFlow(set, { flow: flow.name, step: req.params.step }, { call: callFromParameters({ ...defaultRenderParams }), input: {}, now: now(), links: readableFlowLinks() });
    res.status(200).json({ texml: result.texml, ending: result.ending, trail: result.trail, jobs: result.jobs });
  });
  return router;
}
