import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CampaignDefinitionError } from '../../campaigns/campaign-definition-error';
import type { CampaignService } from '../../campaigns/campaign-service';
import type { CampaignAction } from '../../campaigns/campaign-store';

export interface CampaignRouteDependencies {
  /** Absent when this process has no Redis for campaigns: the routes answer 503. */
  campaigns: CampaignService | undefined;
  logger: Logger;
}

const ACTIONS: readonly CampaignAction[] = ['start', 'pause', 'resume', 'cancel'];
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

const doNotCallBody = z.strictObject({
  numbers: z.array(z.string().min(1).max(64)).min(1).max(10000),
  campaign: z.string().regex(ID).optional(),
});

/**
 * The campaign admin API (the caller mounts the admin guard on /api):
 * POST /api/campaigns (YAML or JSON body) -> 201; GET /api/campaigns; GET /api/campaigns/:id
 * (progress); POST /api/campaigns/:id/contacts (CSV body, streamed); POST /api/campaigns/:id/
 * start|pause|resume|cancel; GET /api/campaigns/:id/results.csv; POST /api/do-not-call,
 * GET|DELETE /api/do-not-call/:number.
 */
export function campaignRoutes(deps: CampaignRouteDependencies): Router {
  const router = Router();
  const service = (res: Response): CampaignService | undefined => {
    if (!deps.campaigns) res.status(503).json({ error: 'CAMPAIGNS_NOT_CONFIGURED', message: 'this process has no campaign store (Redis)' });
    return deps.campaigns;
  };
  const validId = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.id);
    if (ID.test(id)) return id;
    res.status(404).json({ error: 'CAMPAIGN_NOT_FOUND', message: `no campaign '${id.slice(0, 130)}'` });
    return undefined;
  };

  router.post('/api/campaigns', express.text({ type: () => true, limit: '20mb' }), async (req, res) => {
    const campaigns = service(res);
    if (!campaigns) return;
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '') {
      res.status(422).json({ error: 'REQUEST_INVALID', message: 'send the campaign as YAML or JSON in the body' });
      return;
    }
    try {
      const created = await campaigns.create({ path: 'request', text });
      res
        .status(201)
        .location(`/api/campaigns/${encodeURIComponent(created.id)}`)
        .json({ id: created.id, state: created.state, warnings: created.warnings, ...(created.contacts ? { contacts: created.contacts } : {}) });
    } catch (error) {
      if (error instanceof CampaignDefinitionError) {
        res.status(422).json({ error: error.code, message: error.message, diagnostics: error.diagnostics });
        return;
      }
      throw error;
    }
  });

  router.get('/api/campaigns', async (_req, res) => {
    const campaigns = service(res);
    if (!campaigns) return;
    res.json({ campaigns: await campaigns.list() });
  });

  router.get('/api/campaigns/:id', async (req, res) => {
    const campaigns = service(res);
    const id = campaigns && validId(req, res);
    if (!campaigns || !id) return;
    res.json(await campaigns.progress(id));
  });

  // The CSV is streamed into the importer as it arrives: no body parser, no size limit beyond Redis.
  router.post('/api/campaigns/:id/contacts', async (req, res) => {
    const campaigns = service(res);
    const id = campaigns && validId(req, res);
    if (!campaigns || !id) return;
    const report = await campaigns.importContacts(id, req);
    res.status(200).json(report);
  });

  for (const action of ACTIONS) {
    router.post(`/api/campaigns/:id/${action}`, async (req, res) => {
      const campaigns = service(res);
      const id = campaigns && validId(req, res);
      if (!campaigns || !id) return;
      const state = await campaigns.transition(id, action);
      deps.logger.info({ campaign: id, action, state }, 'campaign lifecycle action through the admin API');
      res.json({ id, state });
    });
  }

  router.get('/api/campaigns/:id/results.csv', async (req, res) => {
    const campaigns = service(res);
    const id = campaigns && validId(req, res);
    if (!campaigns || !id) return;
    await campaigns.progress(id); // 404 before any byte is written
    res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${id}-results.csv"`).set('Cache-Control', 'no-store');
    try {
      await campaigns.writeResults(id, res);
      res.end();
    } catch (error) {
      deps.logger.warn({ campaign: id, err: error }, 'results download cut short');
      res.destroy();
    }
  });

  router.post('/api/do-not-call', express.json({ limit: '1mb' }), async (req, res) => {
    const campaigns = service(res);
    if (!campaigns) return;
    const parsed = doNotCallBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(422).json({ error: 'REQUEST_INVALID', message: 'expected {numbers: [...], campaign?}', problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
      return;
    }
    res.json(await campaigns.addDoNotCall(parsed.data.numbers, parsed.data.campaign));
  });

  router.get('/api/do-not-call/:number', async (req, res) => {
    const campaigns = service(res);
    if (!campaigns) return;
    const campaign = typeof req.query.campaign === 'string' && ID.test(req.query.campaign) ? req.query.campaign : undefined;
    const found = await campaigns.isDoNotCall(String(req.params.number), campaign);
    if (!found) {
      res.status(422).json({ error: 'REQUEST_INVALID', message: 'not a phone number' });
      return;
    }
    res.json(found);
  });

  router.delete('/api/do-not-call/:number', async (req, res) => {
    const campaigns = service(res);
    if (!campaigns) return;
    const campaign = typeof req.query.campaign === 'string' && ID.test(req.query.campaign) ? req.query.campaign : undefined;
    res.json({ removed: await campaigns.removeDoNotCall(String(req.params.number), campaign) });
  });

  return router;
}
