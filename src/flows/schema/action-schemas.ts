import type { z } from 'zod';
import type { ActionInput } from '../actions/action-definition';
import { actionNames, actionRegistry, bareActionValues, type ActionName } from '../actions/action-registry';

/*
 * The flow language's actions. Each entry is validated on its own (so an error names the action
 * and the exact key), and the same registry produces the JSON Schema editors use. Each action's
 * schema lives in its definition (src/flows/actions/).
 */

export type { ActionInput, ActionName };
export type { ActionValue } from '../actions/action-registry';
export { jobActionSchema } from '../actions/job-action';
export { actionNames };

type ActionSchemaOf<N extends ActionName> = ReturnType<(typeof actionRegistry)[N]['schema']>;

export function createActionSchemas(actionListSchema: z.ZodType<ActionInput[]>, conditionSchema: z.ZodType): { [N in ActionName]: ActionSchemaOf<N> } {
  const kit = { actionList: actionListSchema, condition: conditionSchema };
  return Object.fromEntries(actionNames.map((name) => [name, actionRegistry[name].schema(kit)])) as { [N in ActionName]: ActionSchemaOf<N> };
}

/**
 * The registry is built twice from this one definition: for validation, nested action lists and
 * conditions dispatch on their key (precise errors); for the JSON Schema, they are plain unions.
 */
export type ActionSchemas = ReturnType<typeof createActionSchemas>;

/** Actions written as a bare word (`- hangup`), in alphabetical order. */
export const bareActionNames = [...bareActionValues.keys()].sort() as [ActionName, ...ActionName[]];
