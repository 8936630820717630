import { AppError } from '../errors';

/** One problem with a job's payload: the field (`params.to`) and what is wrong with it. */
export interface OperationFieldProblem {
  field: string;
  message: string;
}

/** A job refused at enqueue time: an unknown op or a payload its schema rejects. Nothing is queued. */
export class OperationValidationError extends AppError {
  readonly op: string;
  readonly problems: OperationFieldProblem[];

  constructor(op: string, problems: OperationFieldProblem[]) {
    super('OPERATION_INVALID', `${op}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { httpStatus: 422 });
    this.op = op;
    this.problems = problems;
  }
}
