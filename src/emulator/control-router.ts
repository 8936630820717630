import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from './emulator-context';
import type { CallStatus, DialLogEntry } from './emulator-models';
import { EmulatorConfigError } from './errors/emulator-config-error';
import { EmulatorNotFoundError } from './errors/emulator-not-found-error';
import { emulatorEndpoints, EndpointTable } from './endpoints';
import { callResource } from './rest-resources';

const CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];
const ANSWERED_BY = ['human', 'machine', 'not_sure'] as const;

function dialLogEntry(entry: DialLogEntry, status: CallStatus | undefined): Record<string, unknown> {
  return {
    sequence: entry.sequence,
    call_sid: entry.callSid,
    account_sid: entry.accountSid,
    origin: entry.origin,
    from: entry.from,
    to: entry.to,
    conference_sid: entry.conferenceSid ?? null,
    at: new Date(entry.at).toISOString(),
    at_ms: entry.at,
    outcome: entry.outcome,
    status: status ?? null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Test and operator controls, mounted at /_emulator (no auth: bind the emulator to localhost).
 * See docs/emulator.md for the request shapes.
 */
export function controlRouter(context: EmulatorContext): Router {
  const { control, state } = context;
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/faults', (_req: Request, res: Response) => {
    res.json({ data: control.listFaults() });
  });

  // Body: a rule, an array of rules, or { rules, replace?, seed? }.
  router.post('/faults', (req: Request, res: Response) => {
    const body: unknown = req.body;
    let rules: unknown = body;
    let replace = false;
    if (isRecord(body) && 'rules' in body) {
      rules = body.rules;
      replace = body.replace === true;
      if (body.seed !== undefined) {
        if (typeof body.seed !== 'number') throw new EmulatorConfigError('seed must be a number');
        control.reseed(body.seed);
      }
    }
    if (rules === undefined) throw new EmulatorConfigError('POST /_emulator/faults needs a rule, an array of rules, or { "rules": [...] }');
    const installed = replace ? control.setFaults(rules as never) : control.addFaults(rules as never);
    res.status(201).json({ data: installed });
  });

  router.delete('/faults', (_req: Request, res: Response) => {
    control.clearFaults();
    res.status(204).end();
  });

  router.delete('/faults/:id', (req: Request<{ id: string }>, res: Response) => {
    if (!control.removeFault(req.params.id)) throw new EmulatorNotFoundError('fault');
    res.status(204).end();
  });

  router.get('/limits', (_req: Request, res: Response) => {
    res.json({ data: control.getLimits() });
  });

  const setLimits = (req: Request, res: Response): void => {
    if (!isRecord(req.body)) throw new EmulatorConfigError('Limits must be a JSON object');
    res.json({ data: control.setLimits(req.body) });
  };
  router.put('/limits', setLimits);
  router.patch('/limits', setLimits);

  router.get('/calls', (_req: Request, res: Response) => {
    const entries = control.dialLog();
    const status = control.status();
    res.json({
      data: entries.map((e) => dialLogEntry(e, state.calls.get(e.callSid)?.status)),
      meta: {
        total: entries.length,
        active_calls: status.activeCalls,
        dials_in_window: status.dialsInWindow,
        rate_limited_dials: status.rateLimitedDials,
      },
    });
  });

  // Drives a call's status from outside, until the interpreter plays calls: { status, answered_by?, sip_response_code? }.
  router.post('/calls/:sid/status', (req: Request<{ sid: string }>, res: Response) => {
    const body: unknown = req.body;
    if (!isRecord(body) || !CALL_STATUSES.includes(body.status as CallStatus)) {
      throw new EmulatorConfigError(`status must be one of ${CALL_STATUSES.join(', ')}`);
    }
    if (!state.calls.get(req.params.sid)) throw new EmulatorNotFoundError('call');
    const answeredBy = ANSWERED_BY.find((a) => a === body.answered_by);
    if (body.answered_by !== undefined && answeredBy === undefined) {
      throw new EmulatorConfigError(`answered_by must be one of ${ANSWERED_BY.join(', ')}`);
    }
    const call = state.calls.setStatus(req.params.sid, body.status as CallStatus, {
      answeredBy,
      sipResponseCode: typeof body.sip_response_code === 'number' ? body.sip_response_code : undefined,
      hangupCause: typeof body.hangup_cause === 'string' ? body.hangup_cause : undefined,
    });
    res.json({ data: callResource(call, context.clock.now()) });
  });

  router.get('/operations', (_req: Request, res: Response) => {
    res.json({ data: new EndpointTable(emulatorEndpoints).list() });
  });

  router.get('/status', (_req: Request, res: Response) => {
    res.json({ data: control.status() });
  });

  router.post('/reset', (_req: Request, res: Response) => {
    control.reset();
    res.status(204).end();
  });

  return router;
}
