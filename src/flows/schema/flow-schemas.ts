import { z } from 'zod';
import { bareActionNames, createActionSchemas, type ActionInput, type ActionName } from './action-schemas';
import { conditionDispatchSchema, conditionUnionSchema } from './condition-schema';
import { closestName } from '../../source/closest-name';
import { createFlowFileSchema } from './flow-schema';

/*
 * Two builds of the same language. `validation` dispatches each action on its key so an error
 * names the action and the exact place; `editor` is the union form JSON Schema can express.
 */

const actionNameList = (): ActionName[] => Object.keys(validationActionSchemas) as ActionName[];

const validationActionList: z.ZodType<ActionInput[]> = z.lazy(() => z.array(validationAction));

export const validationActionSchemas = createActionSchemas(validationActionList, conditionDispatchSchema);

export const validationAction: z.ZodType<ActionInput> = z.unknown().transform((value, ctx) => {
  const names = actionNameList();
  if (typeof value === 'string') {
    if ((bareActionNames as readonly string[]).includes(value)) return value;
    const suggestion = closestName(value, names);
    ctx.addIssue({
      code: 'custom',
      message: names.includes(value as ActionName) ? `action '${value}' needs a value (${value}: ...)` : `unknown action '${value}'`,
      params: { hint: suggestion && suggestion !== value ? `did you mean '${suggestion}'?` : `actions are ${names.join(', ')}` },
    });
    return z.NEVER;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `an action must be a map with one key (one of ${names.join(', ')}) or a bare hangup/leave/reject` });
    return z.NEVER;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    // `- say:` with its keys written at the depth of `say` reads as one map: say: null, text: ...
    const [first, second] = keys;
    const underIndented = first !== undefined && second !== undefined && (value as Record<string, unknown>)[first] === null && names.includes(first as ActionName);
    ctx.addIssue({
      code: 'custom',
      message: keys.length === 0 ? 'empty action' : `an action has exactly one key, found ${keys.length}: ${keys.join(', ')}`,
      // Point at the line that is indented wrong.
      ...(underIndented ? { path: [second] } : {}),
      params: {
        key: underIndented,
        hint: underIndented
          ? `'${second}' is indented as far as '${first}', so it is read as a second action key; indent it further than '${first}' to put it under '${first}'`
          : 'start each action with its own "- " list item',
      },
    });
    return z.NEVER;
  }
  const name = keys[0]!;
  if (!names.includes(name as ActionName)) {
    const suggestion = closestName(name, names);
    ctx.addIssue({
      code: 'custom',
      message: `unknown action '${name}'`,
      path: [name],
      params: { key: true, hint: suggestion ? `did you mean '${suggestion}'?` : `actions are ${names.join(', ')}` },
    });
    return z.NEVER;
  }
  const schema = validationActionSchemas[name as ActionName] as z.ZodType;
  const result = schema.safeParse((value as Record<string, unknown>)[name] ?? null);
  if (result.success) return { [name]: result.data } as ActionInput;
  for (const issue of result.error.issues) {
    ctx.addIssue({ ...issue, path: [name, ...issue.path], params: { ...(issue as { params?: object }).params, action: name } } as Parameters<typeof ctx.addIssue>[0]);
  }
  return z.NEVER;
});

const editorActionList: z.ZodType<ActionInput[]> = z.lazy(() => z.array(editorAction));
const editorActionSchemas = createActionSchemas(editorActionList, conditionUnionSchema);
const editorAction: z.ZodType<ActionInput> = z.lazy(() =>
  z.union([
    z.enum(bareActionNames),
    ...(Object.keys(editorActionSchemas) as ActionName[]).map((name) => z.strictObject({ [name]: editorActionSchemas[name] as z.ZodType })),
  ]),
) as z.ZodType<ActionInput>;

export const flowValidationSchema = createFlowFileSchema(validationActionList);

/** One action list on its own: lets the compiler keep checking the valid steps of an invalid file. */
export const actionListValidationSchema = validationActionList;

/** The file's outline with action lists unchecked: enough to know its name and step names. */
export const flowOutlineSchema = createFlowFileSchema(z.array(z.unknown()) as unknown as z.ZodType<ActionInput[]>);
export const flowEditorSchema = createFlowFileSchema(editorActionList);
