import { AppError } from '../errors/app-error';

/** A condition that cannot be compiled; `candidates` feed the "did you mean" hint. */
export class ConditionError extends AppError {
  constructor(
    message: string,
    readonly candidates: string[] = [],
    /** The unknown name (a calendar), when the error is about one. */
    readonly unknownName?: string,
  ) {
    super('FLOW_CONDITION_INVALID', message);
  }
}
