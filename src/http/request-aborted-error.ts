/** The client went away before its request body arrived: there is nobody left to answer. */
export class RequestAbortedError extends Error {
  constructor() {
    super('the client closed the connection before the request body arrived');
    this.name = 'RequestAbortedError';
  }
}
