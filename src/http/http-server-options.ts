import type { IncomingMessage, ServerResponse } from 'node:http';

/** Takes the requests it serves itself before the app sees them (true when it took this one). */
export interface RequestTaker {
  take(req: IncomingMessage, res: ServerResponse): boolean;
}

export interface HttpServerOptions {
  /** Offered every request first: the callback receiver, which does not need Express. */
  ahead?: RequestTaker;
}
