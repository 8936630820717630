import { AppError } from '../errors/app-error';

/** foreign-call: the token was issued for another call than the signed request's (see docs/security.md). */
export type StateTokenProblem = 'malformed' | 'tampered' | 'expired' | 'too-large' | 'from-the-future' | 'foreign-call' | 'wrong-kind';

/** A state token that cannot be opened (or sealed). The call gets the fallback document. */
export class StateTokenError extends AppError {
  constructor(
    readonly problem: StateTokenProblem,
    message: string,
  ) {
    super(`STATE_${problem.toUpperCase().replace(/-/g, '_')}`, message, { httpStatus: 400 });
  }
}
