import type { z } from 'zod';
import { isOperationName, operationDefinition } from './operation-catalogue';
import { operationNames, type OperationName } from './operation-names';
import { OperationValidationError, type OperationFieldProblem } from './operation-validation-error';
import { SecretsManifest } from './secrets-manifest';

export interface ValidOperation {
  op: OperationName;
  /** The parsed payload (defaults applied, numbers and booleans from strings converted). */
  params: unknown;
}

/** What enqueue checks names against: the flows a job may name and the secrets manifest. */
export interface EnqueueCatalogue {
  /** The flows a job may name (by name). */
  readonly flows: ReadonlyMap<string, unknown>;
  /** The secrets manifest: secret name -> the variable holding its value. */
  readonly secrets: ReadonlyMap<string, { env: string }>;
}

/** Keys that reach Object.prototype (or a constructor) when a payload is merged or copied. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks the op name and its payload; throws OperationValidationError naming the op and each field.
 * With a catalogue (the web role's and the CLI's flow set), a flow the payload names must exist
 * and a secrets.upsert must be one the secrets manifest declares; without one (a worker
 * re-checking a job), those two are left to the worker's own checks.
 */
export function validateOperation(op: unknown, params: unknown, catalogue?: EnqueueCatalogue): ValidOperation {
  if (!isOperationName(op)) {
    throw new OperationValidationError(typeof op === 'string' ? op : String(op), [{ field: 'op', message: `unknown operation; one of ${operationNames.join(', ')}` }]);
  }
  const prototypeKeys = prototypeKeyPaths(params, 'params');
  if (prototypeKeys.length > 0) throw new OperationValidationError(op, prototypeKeys.map((field) => ({ field, message: 'is not allowed (a prototype key)' })));
  const result = operationDefinition(op).schema.safeParse(params ?? {});
  if (!result.success) throw new OperationValidationError(op, describeIssues(result.error.issues));
  const problems = namedThings(op, result.data, catalogue);
  if (problems.length > 0) throw new OperationValidationError(op, problems);
  return { op, params: result.data };
}

/** Flows and secrets the payload names that the catalogue does not know. */
function namedThings(op: OperationName, params: unknown, catalogue: EnqueueCatalogue | undefined): OperationFieldProblem[] {
  const fields = (params ?? {}) as { flow?: unknown; name?: unknown; env?: unknown };
  const problems: OperationFieldProblem[] = [];
  if (catalogue && typeof fields.flow === 'string' && !catalogue.flows.has(fields.flow)) {
    const known = [...catalogue.flows.keys()].sort();
    problems.push({ field: 'params.flow', message: `unknown flow "${fields.flow}"; ${known.length === 0 ? 'no flow is loaded' : `known flows: ${known.join(', ')}`}` });
  }
  if (op === 'secrets.upsert' && typeof fields.name === 'string' && typeof fields.env === 'string') {
    const problem = catalogue ? SecretsManifest.of(catalogue).problem(fields.name, fields.env) : SecretsManifest.serviceVariableProblem(fields.env);
    if (problem) problems.push({ field: 'params.env', message: problem });
  }
  return problems;
}

/**
 * Paths (`params.vars.__proto__`) of every prototype key, at any depth. Callers that copy a
 * payload (a zod record does) must check the raw value first: the copy turns `__proto__` into the
 * copy's prototype, and the key is gone.
 */
export function prototypeKeyPaths(value: unknown, path = '', depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) return value.flatMap((item, index) => prototypeKeyPaths(item, at(index), depth + 1));
  return Object.keys(value).flatMap((key) => [...(PROTOTYPE_KEYS.has(key) ? [at(key)] : []), ...prototypeKeyPaths((value as Record<string, unknown>)[key], at(key), depth + 1)]);
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
