import type { IncomingMessage } from 'node:http';
import { RequestAbortedError } from './request-aborted-error';
import { RequestBodyError } from './request-body-error';

const EMPTY = Buffer.alloc(0);

/** Reads a request body of at most `limitBytes` (a larger one is refused before it is read, or as soon as it passes the limit). */
export function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  if (req.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) {
        cleanup();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new RequestAbortedError());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limitBytes: number): RequestBodyError {
  return new RequestBodyError(413, `request body is over ${Math.round(limitBytes / 1024)} KiB`);
}

/** The media type and charset of a Content-Type header. */
export interface ContentType {
  readonly type: string | undefined;
  readonly charset: string | undefined;
}

// Telnyx sends the same Content-Type on every webhook: the last one parsed is kept.
let lastHeader: string | undefined;
let lastContentType: ContentType = { type: undefined, charset: undefined };

/** The media type and charset of a Content-Type header, lower-cased (`undefined` when absent). */
export function parseContentType(header: string | undefined): ContentType {
  if (header === lastHeader) return lastContentType;
  const parsed = parseContentTypeOnce(header);
  lastHeader = header;
  lastContentType = parsed;
  return parsed;
}

function parseContentTypeOnce(header: string | undefined): ContentType {
  if (!header) return { type: undefined, charset: undefined };
  const [type, ...parameters] = header.split(';');
  let charset: string | undefined;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset' && value) charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type!.trim().toLowerCase(), charset };
}
