import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from './emulator-context';
import type { HttpMethod } from './emulator-models';
import { EmulatorConfigError } from './errors/emulator-config-error';
import { EmulatorNotFoundError } from './errors/emulator-not-found-error';
import type { CallScriptInput } from './player/call-script';
import type { CallTranscriptSnapshot } from './player/call-transcript';
import { formatTranscript } from './player/transcript-format';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new EmulatorConfigError(`${name} must be a string`);
  return value;
}

function summary(t: CallTranscriptSnapshot): Record<string, unknown> {
  return { call_sid: t.callSid, from: t.from, to: t.to, direction: t.direction, started_at: new Date(t.startedAt).toISOString(), ended: t.ended, ended_by: t.endedBy ?? null, status: t.status ?? null, events: t.events.length };
}

/**
 * The call player's controls under /_emulator: inbound calls, transcripts, scripts for the numbers
 * the emulator dials, and the public key webhooks are signed with. See docs/emulator.md.
 */
export function playerRouter(context: EmulatorContext): Router {
  const { calls } = context;
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));

  router.get('/public-key', (req: Request, res: Response) => {
    if (req.accepts(['text/plain', 'application/json']) === 'application/json' && req.get('accept')?.includes('json')) {
      res.json({ data: { public_key: context.signer.publicKeyBase64 } });
      return;
    }
    res.type('text/plain').send(context.signer.publicKeyBase64);
  });

  // { from, to, application? | url? (+ method) | texml?, caller_id?, account_sid?, script?, wait? }
  router.post('/inbound', async (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!isRecord(body)) throw new EmulatorConfigError('POST /_emulator/inbound needs a JSON (or form) body: {"from":"+1...","to":"+1...","application":"..."}');
    const method = optionalString(body, 'method')?.toUpperCase();
    if (method !== undefined && method !== 'GET' && method !== 'POST') throw new EmulatorConfigError('method must be GET or POST');
    let script: unknown = body.script;
    if (typeof script === 'string') {
      try {
        script = JSON.parse(script) as unknown;
      } catch {
        throw new EmulatorConfigError('script must be a JSON object');
      }
    }
    const call = calls.inbound({
      from: optionalString(body, 'from') ?? '',
      to: optionalString(body, 'to') ?? '',
      ...(optionalString(body, 'application') ? { application: optionalString(body, 'application') } : {}),
      ...(optionalString(body, 'url') ? { url: optionalString(body, 'url') } : {}),
      ...(method ? { method: method as HttpMethod } : {}),
      ...(optionalString(body, 'texml') ? { texml: optionalString(body, 'texml') } : {}),
      ...(optionalString(body, 'caller_id') ? { callerId: optionalString(body, 'caller_id') } : {}),
      ...(optionalString(body, 'account_sid') ? { accountSid: optionalString(body, 'account_sid') } : {}),
      ...(script !== undefined ? { script: script as CallScriptInput } : {}),
    });
    const wait = body.wait === true || body.wait === 'true' || req.query.wait === 'true';
    if (!wait) {
      res.status(201).json({ data: { call_sid: call.sid, from: call.from, to: call.to, status: call.status } });
      return;
    }
    const transcript = await calls.waitForEnd(call.sid, { timeoutMs: 120_000 });
    if (req.query.format === 'text') res.type('text/plain').send(formatTranscript(transcript));
    else res.json({ data: transcript });
  });

  router.get('/transcripts', (_req: Request, res: Response) => {
    res.json({ data: calls.listTranscripts().map(summary) });
  });

  router.get('/calls/:sid/transcript', (req: Request<{ sid: string }>, res: Response) => {
    const transcript = calls.transcript(req.params.sid);
    if (!transcript) throw new EmulatorNotFoundError('transcript');
    if (req.query.format === 'text') res.type('text/plain').send(formatTranscript(transcript));
    else res.json({ data: transcript });
  });

  router.get('/scripts', (_req: Request, res: Response) => {
    res.json({ data: calls.listScripts() });
  });

  router.put('/scripts/:number', (req: Request<{ number: string }>, res: Response) => {
    if (!isRecord(req.body)) throw new EmulatorConfigError('a script is a JSON object, e.g. {"answer":"busy"}');
    calls.setScript(req.params.number, req.body as CallScriptInput);
    res.json({ data: calls.listScripts()[req.params.number] });
  });

  router.delete('/scripts/:number', (req: Request<{ number: string }>, res: Response) => {
    calls.setScript(req.params.number, undefined);
    res.status(204).end();
  });

  return router;
}
