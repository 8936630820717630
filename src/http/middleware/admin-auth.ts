import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { AdminAuthOptions } from './admin-auth-options';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The token a request presents: `Bearer TOKEN`, or (for a browser on Bull Board) Basic with the token as password. */
function presentedToken(header: string | undefined, allowBasic: boolean): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (allowBasic && scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/**
 * Guards /api and /admin with ADMIN_TOKEN. The comparison is constant-time (both sides hashed to
 * the same length first). With no ADMIN_TOKEN set every request is refused, and that is logged once.
 * Under `basicPaths` HTTP Basic with the token as the password is accepted too, so a browser can
 * open Bull Board (it prompts on the 401).
 */
export function adminAuth(token: string | undefined, logger: Logger, options: AdminAuthOptions = {}): RequestHandler {
  const expected = token ? digest(token) : undefined;
  let warned = false;
  return (req: Request, res: Response, next: NextFunction) => {
    const mountedAt = req.baseUrl || req.path;
    const allowBasic = (options.basicPaths ?? []).some((path) => mountedAt === path || mountedAt.startsWith(`${path}/`));
    const challenge = allowBasic ? 'Basic realm="texml-router admin", charset="UTF-8"' : 'Bearer realm="texml-router admin"';
    if (!expected) {
      if (!warned) {
        warned = true;
        logger.warn({ path: req.path }, 'ADMIN_TOKEN is not set: the admin API and Bull Board refuse every request (set ADMIN_TOKEN to use them)');
      }
      res.status(401).set('WWW-Authenticate', challenge).json({ error: 'ADMIN_DISABLED', message: 'ADMIN_TOKEN is not set on the server; the admin API is disabled' });
      return;
    }
    const presented = presentedToken(req.get('authorization'), allowBasic);
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res.status(401).set('WWW-Authenticate', challenge).json({ error: 'UNAUTHORIZED', message: 'a valid admin token is required (Authorization: Bearer ADMIN_TOKEN)' });
      return;
    }
    next();
  };
}
