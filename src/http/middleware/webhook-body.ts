import express, { type Request, type RequestHandler } from 'express';

const rawBodies = new WeakMap<Request, Buffer>();
const EMPTY = Buffer.alloc(0);

/** The exact bytes of the request body, as signed by Telnyx (empty for GET). */
export function rawBodyOf(req: Request): Buffer {
  return rawBodies.get(req) ?? EMPTY;
}

/** Webhook bodies: form-encoded (TeXML) or JSON, at most 64 KiB (413 past it), raw bytes kept. */
export function webhookBodyParsers(limit = '64kb'): RequestHandler[] {
  const verify = (req: unknown, _res: unknown, buf: Buffer) => {
    rawBodies.set(req as Request, Buffer.from(buf));
  };
  return [express.urlencoded({ extended: false, limit, verify, parameterLimit: 1000 }), express.json({ limit, verify })];
}
