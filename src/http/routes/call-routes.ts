import { Router } from 'express';
import type { EventStore } from '../../events/event-store';

/** GET /api/calls/:sid (timeline) and GET /api/calls?since=&status=&flow= (admin token, mounted under it). */
export function callRoutes(store: EventStore | undefined): Router {
  const router = Router();
  router.get('/api/calls', async (req, res) => {
    if (!store) {
      res.status(503).json({ error: { code: 'EVENTS_UNAVAILABLE', message: 'the event store is not configured (no Redis)' } });
      return;
    }
    const query = req.query as Record<string, string | undefined>;
    const since = query.since ? new Date(query.since) : undefined;
    if (since && Number.isNaN(since.getTime())) {
      res.status(400).json({ error: { code: 'BAD_QUERY', message: "'since' must be an ISO date-time" } });
      return;
    }
    const limit = query.limit ? Number(query.limit) : undefined;
    const calls = await store.list({ ...(since ? { since } : {}), ...(query.status ? { status: query.status } : {}), ...(query.flow ? { flow: query.flow } : {}), ...(limit ? { limit } : {}) });
    res.json({ calls });
  });
  router.get('/api/calls/:sid', async (req, res) => {
    if (!store) {
      res.status(503).json({ error: { code: 'EVENTS_UNAVAILABLE', message: 'the event store is not configured (no Redis)' } });
      return;
    }
    const timeline = await store.timeline(req.params.sid);
    if (!timeline) {
      res.status(404).json({ error: { code: 'CALL_NOT_FOUND', message: `no events for call ${req.params.sid}` } });
      return;
    }
    res.json(timeline);
  });
  return router;
}
