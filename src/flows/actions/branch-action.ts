import { z } from 'zod';
import { closestName } from '../../source/closest-name';
import type { SourcePath } from '../../source/source-file';
import type { ActionBase, StepTarget } from '../compiled-parts';
import { compileCondition, type CompiledCondition } from '../compile-condition';
import { ConditionError } from '../condition-error';
import type { FlowCompileContext } from '../flow-compile-context';
import type { ConditionInput } from '../schema/condition-schema';
import { defineInlineAction } from './action-definition';
import { at, stepRef } from './action-kit';

export type BranchAction = ActionBase & { kind: 'branch'; arms: { test: CompiledCondition; target: StepTarget }[]; otherwise?: StepTarget };

/** The first arm whose condition holds goes to its step; `else` when none does; else the step goes on. */
export const branchAction = defineInlineAction({
  name: 'branch',
  schema: (kit) => z.array(z.union([z.strictObject({ if: kit.condition, goto: stepRef }), z.strictObject({ else: stepRef })])).min(1),
  compile: (value, site, ctx): BranchAction => {
    const arms: { test: CompiledCondition; target: StepTarget }[] = [];
    let otherwise: StepTarget | undefined;
    value.forEach((arm, i) => {
      const path = [...site.path, i];
      if ('else' in arm) {
        if (i !== value.length - 1) ctx.report(path, 'error', "'else' must be the last arm of a branch");
        otherwise = ctx.target(site.step, arm.else, [...path, 'else'], !site.afterWait);
        return;
      }
      const test = condition(arm.if as ConditionInput, [...path, 'if'], ctx);
      arms.push({ test, target: ctx.target(site.step, arm.goto, [...path, 'goto'], !site.afterWait) });
    });
    return { kind: 'branch', where: at(ctx, site.path), arms, ...(otherwise ? { otherwise } : {}) };
  },
  run: {
    run: (action, scope) => {
      const conditionInputs = { context: scope.context, now: scope.inputs.now };
      const arm = action.arms.find((a) => a.test(conditionInputs));
      const target = arm ? arm.target : action.otherwise;
      return target ? { goto: target } : undefined;
    },
    endsStep: (action) => action.otherwise !== undefined,
  },
});

function condition(input: ConditionInput, path: SourcePath, ctx: FlowCompileContext): CompiledCondition {
  try {
    return compileCondition(input, {
      calendars: ctx.calendars,
      checkPath: (valuePath) => {
        // Reuse the template checker: a condition may read exactly what a template may.
        ctx.template(`{{${valuePath}}}`, [...path, 'value']);
      },
    });
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    let hint: string | undefined;
    if (error.unknownName !== undefined) {
      const suggestion = closestName(error.unknownName, error.candidates);
      hint = suggestion ? `did you mean '${suggestion}'?` : error.candidates.length ? `calendars are ${error.candidates.join(', ')}` : 'declare calendars under calendars: in routes/';
    }
    ctx.report(path, 'error', error.message, hint);
    return () => false;
  }
}

declare module './action-kinds' {
  interface ActionKinds {
    branch: typeof branchAction;
  }
}
