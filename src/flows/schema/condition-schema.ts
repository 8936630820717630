import { z } from 'zod';
import { nameSchema } from './common-schemas';

/** A reference to a value: `call.from`, `vars.tier`, `input.digits`, `env.NAME`. */
const valuePath = z
  .string()
  .regex(/^(call|vars|input|env)\.[A-Za-z_][A-Za-z0-9_]*$/, 'must be a path such as call.from, vars.tier or input.digits');

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const comparisonOperators = ['equals', 'not_equals', 'in', 'prefix', 'matches', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;

export const comparisonSchema = z
  .strictObject({
    value: valuePath,
    equals: scalar.optional(),
    not_equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    prefix: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    matches: z.string().optional(),
    exists: z.boolean().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .refine((c) => comparisonOperators.filter((k) => k in c).length === 1, {
    message: `a comparison needs exactly one of ${comparisonOperators.join(', ')}`,
  });

export interface ConditionInput {
  value?: string;
  open?: string;
  closed?: string;
  all?: ConditionInput[];
  any?: ConditionInput[];
  not?: ConditionInput;
  equals?: string | number | boolean;
  not_equals?: string | number | boolean;
  in?: (string | number | boolean)[];
  prefix?: string | string[];
  matches?: string;
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const combinatorKeys = ['open', 'closed', 'all', 'any', 'not'] as const;

function conditionForms(self: z.ZodType) {
  return {
    open: z.strictObject({ open: nameSchema }),
    closed: z.strictObject({ closed: nameSchema }),
    all: z.strictObject({ all: z.array(self).min(1) }),
    any: z.strictObject({ any: z.array(self).min(1) }),
    not: z.strictObject({ not: self }),
  };
}

/** For the JSON Schema: a plain union. */
export const conditionUnionSchema: z.ZodType<ConditionInput> = z.lazy(() => {
  const forms = conditionForms(conditionUnionSchema);
  return z.union([forms.open, forms.closed, forms.all, forms.any, forms.not, comparisonSchema]);
}) as z.ZodType<ConditionInput>;

/** For validation: pick the form by its key, so errors point at the right place. */
export const conditionDispatchSchema: z.ZodType<ConditionInput> = z.lazy(() => {
  const forms = conditionForms(conditionDispatchSchema);
  return z.unknown().transform((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'a condition must be a map such as { value: call.from, prefix: "+1312" } or { open: business_hours }' });
      return z.NEVER;
    }
    const form = combinatorKeys.find((key) => key in value);
    const schema = form ? forms[form] : comparisonSchema;
    const result = schema.safeParse(value);
    if (result.success) return result.data as ConditionInput;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });
}) as unknown as z.ZodType<ConditionInput>;
