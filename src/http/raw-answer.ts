import type { ServerResponse } from 'node:http';

/** An answer written straight on node's response, without Express. */
export interface RawAnswer {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

/** Writes the answer unless the response is already written or gone (text/plain unless a header says otherwise). */
export function sendRawAnswer(res: ServerResponse, answer: RawAnswer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(answer.text, 'utf8')), ...answer.headers });
  // A string, not a Buffer: node then sends the head and the body in one write.
  res.end(answer.text, 'utf8');
}
