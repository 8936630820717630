import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { BodyReader } from './body-reader';
import type { EmulatorContext } from './emulator-context';
import { EmulatorAuthenticationError } from './errors/emulator-authentication-error';
import { EmulatorInjectedError } from './errors/emulator-injected-error';
import { EmulatorNotFoundError } from './errors/emulator-not-found-error';
import { EmulatorRateLimitError } from './errors/emulator-rate-limit-error';
import type { FaultRule } from './fault-rule';
import { emulatorEndpoints, EndpointTable, type EndpointMatch, type EndpointServices } from './endpoints';

const BODY_LIMIT = '1mb';

interface Locals {
  match?: EndpointMatch;
}

function bearerMatches(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from((match[1] as string).trim());
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function rateLimitHeaders(rule: Extract<FaultRule, { fault: 'rate_limit' }>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
  if (rule.rateLimitHeaders !== false) {
    headers['x-ratelimit-limit'] = String(rule.limit ?? 100);
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = String(rule.resetSeconds ?? rule.retryAfterSeconds ?? 1);
  }
  return headers;
}

/**
 * The emulated Telnyx REST API, mounted at /v2. Order per request: resolve the operation, apply
 * faults (before auth, as a network or gateway fault would), check the Bearer key, parse the body
 * (JSON or form-encoded, whatever the SDK sent), run the operation.
 */
export function telnyxApiRouter(context: EmulatorContext): Router {
  const table = new EndpointTable(emulatorEndpoints);
  const services: EndpointServices = {
    state: context.state,
    clock: context.clock,
    dials: context.dials,
    strictApplications: context.strictApplications,
    defaultAccountSid: context.defaultAccountSid,
  };
  const router = express.Router();

  router.use((req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    res.locals.match = table.match(req.method, req.path);
    next();
  });

  router.use(async (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    const decision = context.faults.decide({
      operation: res.locals.match?.operation.name,
      method: req.method,
      path: `${req.baseUrl}${req.path}`,
    });
    if (decision.latencyMs > 0) await context.delays.wait(decision.latencyMs);
    const rule = decision.action;
    if (!rule) {
      next();
      return;
    }
    context.logger.debug({ fault: rule.fault, ruleId: rule.id, method: req.method, path: req.path }, 'emulator fault injected');
    switch (rule.fault) {
      case 'rate_limit':
        throw new EmulatorRateLimitError('requests', rule.detail ?? 'You have exceeded the maximum number of allowed requests.', rateLimitHeaders(rule));
      case 'error':
        throw new EmulatorInjectedError(
          rule.status ?? 500,
          rule.detail,
          rule.retryAfterSeconds !== undefined ? { 'retry-after': String(rule.retryAfterSeconds) } : {},
        );
      case 'drop':
        req.socket.destroy();
        return;
      case 'timeout':
        // Never answer. The socket goes when the client gives up or the emulator closes.
        return;
      default:
        next();
    }
  });

  router.use((req: Request, _res: Response, next: NextFunction) => {
    if (!bearerMatches(req.headers.authorization, context.apiKey)) throw new EmulatorAuthenticationError();
    next();
  });

  router.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  router.use(express.urlencoded({ limit: BODY_LIMIT, extended: true }));

  router.use((req: Request, res: Response<unknown, Locals>) => {
    const { match } = res.locals;
    if (!match) throw new EmulatorNotFoundError();
    const result = match.operation.handle(
      {
        params: match.params,
        query: new URL(req.originalUrl, 'http://emulator.invalid').searchParams,
        body: BodyReader.from(req.body),
        jsonSuffix: match.jsonSuffix,
      },
      services,
    );
    res.status(result.status ?? 200);
    if (result.headers) res.set(result.headers);
    if (result.status === 204 || result.body === undefined) {
      res.end();
      return;
    }
    res.json(result.body);
  });

  return router;
}
