import type { z } from 'zod';
import { isOperationName, operationDefinition } from './operation-catalogue';
import { operationNames, type OperationName } from './operation-names';
import { OperationValidationError, type OperationFieldProblem } from './operation-validation-error';

export interface ValidOperation {
  op: OperationName;
  /** The parsed payload (defaults applied, numbers and booleans from strings converted). */
  params: unknown;
}

/** Checks the op name and its payload; throws OperationValidationError naming the op and each field. */
export function validateOperation(op: unknown, params: unknown): ValidOperation {
  if (!isOperationName(op)) {
    throw new OperationValidationError(typeof op === 'string' ? op : String(op), [{ field: 'op', message: `unknown operation; one of ${operationNames.join(', ')}` }]);
  }
  const result = operationDefinition(op).schema.safeParse(params ?? {});
  if (!result.success) throw new OperationValidationError(op, describeIssues(result.error.issues));
  return { op, params: result.data };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): OperationFieldProblem[] {
  return issues.flatMap((issue): OperationFieldProblem[] => {
    const field = ['params', ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${field}.${key}`, message: 'is not a field of this operation' }));
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return [{ field, message: 'is required' }];
    return [{ field, message: issue.message }];
  });
}
