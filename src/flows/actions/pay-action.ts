import { z } from 'zod';
import type { ActionBase, CompiledFragment, WaitTransitions } from '../compiled-parts';
import { durationSeconds, languageSchema, templateSchema } from '../schema/common-schemas';
import { runtimeSlot, type FlowNode } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, parameterChildren, parameterMap, stepRef, transitions } from './action-kit';
import { sayNode, saySchema } from './say-action';

export type PayAction = ActionBase & WaitTransitions & { kind: 'pay'; verb: CompiledFragment };

// Pay page: collect a card or bank payment through a Pay connector; the call waits on the action.
const paySchema = () =>
  z.strictObject({
    connector: z.string().min(1).max(128).optional(),
    charge_amount: z.union([z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be an amount such as 10.50'), z.number().min(0)]).optional(),
    currency: z.literal('USD').optional(),
    transaction_type: z.enum(['charge', 'tokenize']).optional(),
    payment_method: z.enum(['credit-card', 'ach-debit']).optional(),
    valid_card_types: z.array(z.enum(['visa', 'mastercard', 'amex', 'maestro', 'discover', 'optima', 'jcb', 'diners-club', 'enroute'])).min(1).optional(),
    postal_code: z.boolean().optional(),
    min_postal_code_length: z.number().int().min(1).optional(),
    description: templateSchema.optional(),
    max_attempts: z.number().int().min(1).max(3).optional(),
    timeout: durationSeconds(1, 600).optional(),
    language: languageSchema.optional(),
    prompts: z.record(z.string().regex(/^[a-z][a-z-]{0,63}$/, 'must be a collection step such as payment-card-number'), saySchema()).optional(),
    parameters: parameterMap.optional(),
    then: stepRef.optional(),
  });

export const payAction = defineWaitingAction({
  name: 'pay',
  schema: paySchema,
  compile: (value, site, ctx): PayAction => {
    if (value.transaction_type === 'charge' && value.charge_amount === undefined) {
      ctx.report(site.path, 'error', "pay with transaction_type: charge needs 'charge_amount'", 'the Pay page requires chargeAmount for a charge; use tokenize to store the card only');
    }
    const prompts = Object.entries(value.prompts ?? {}).map(([step, say]): FlowNode => ({ verb: 'Prompt', attributes: { for: step }, children: [sayNode(say, [...site.path, 'prompts', step], ctx)] }));
    const { children: parameters = [] } = parameterChildren(value.parameters, [...site.path, 'parameters'], ctx);
    return {
      kind: 'pay',
      where: at(ctx, site.path),
      verb: fragment(ctx, site.path, [
        {
          verb: 'Pay',
          attributes: {
            action: runtimeSlot('action'),
            paymentConnector: value.connector,
            chargeAmount: value.charge_amount === undefined ? undefined : String(value.charge_amount),
            currency: value.currency,
            transactionType: value.transaction_type,
            paymentMethod: value.payment_method,
            validCardTypes: value.valid_card_types?.join(' '),
            postalCode: value.postal_code,
            minPostalCodeLength: value.min_postal_code_length,
            description: value.description === undefined ? undefined : ctx.value(value.description, [...site.path, 'description']),
            maxAttempts: value.max_attempts,
            timeout: value.timeout,
            language: value.language,
          },
          children: [...prompts, ...parameters],
        },
      ]),
      ...transitions(value, site, ctx),
    };
  },
  wait: {
    render: (action, scope) => scope.emit(action.verb, scope.runtime),
    // Whatever PayResult Telnyx sent is input.pay_result for the steps that follow.
    resume: (action, scope) => scope.continueAt(action.then),
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    pay: typeof payAction;
  }
}
