import { z } from 'zod';
import type { FlowState } from '../../state/flow-state';
import type { ActionBase, CompiledFragment, StepTarget, WaitTransitions } from '../compiled-parts';
import type { RenderInputs } from '../flow-render-types';
import { durationSeconds, nameSchema } from '../schema/common-schemas';
import { closestName } from '../../source/closest-name';
import { runtimeSlot } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, flowStepRef, fragment, stepRef, transitions } from './action-kit';

export type EnqueueAction = ActionBase &
  WaitTransitions & {
    kind: 'enqueue';
    verb: CompiledFragment;
    queue: string;
    wait?: StepTarget;
    onTimeout?: StepTarget;
    /** maxWaitTimeSecs, when the flow sets it. */
    maxWait?: number;
  };

/** Put the caller in a queue; its wait step plays while they wait; how they left picks the step. */
export const enqueueAction = defineWaitingAction({
  name: 'enqueue',
  schema: () =>
    z.strictObject({
      queue: nameSchema,
      wait: z.union([stepRef, flowStepRef]).optional(),
      max_wait: durationSeconds(1, 14400).optional(),
      on_timeout: stepRef.optional(),
      then: stepRef.optional(),
    }),
  compile: (value, site, ctx): EnqueueAction => {
    if (!ctx.queues.has(value.queue)) {
      const suggestion = closestName(value.queue, ctx.queues);
      ctx.report([...site.path, 'queue'], 'error', `queue '${value.queue}' is not declared`, suggestion ? `did you mean '${suggestion}'?` : 'declare it under queues: in routes/');
    }
    let wait: StepTarget | undefined;
    if (value.wait !== undefined) {
      wait = typeof value.wait === 'string'
        ? ctx.target(site.step, value.wait, [...site.path, 'wait'], false)
        : ctx.target(site.step, value.wait.step, [...site.path, 'wait'], false, value.wait.flow);
      ctx.waitSteps.push({ flow: wait.flow ?? ctx.flowName, step: wait.step });
    }
    return {
      kind: 'enqueue',
      where: at(ctx, site.path),
      queue: value.queue,
      ...(wait ? { wait } : {}),
      ...(value.max_wait !== undefined ? { maxWait: value.max_wait } : {}),
      verb: fragment(ctx, site.path, [
        { verb: 'Enqueue', attributes: { action: runtimeSlot('action'), waitUrl: wait ? runtimeSlot('waitUrl') : undefined, maxWaitTimeSecs: value.max_wait }, text: value.queue },
      ]),
      ...(value.on_timeout ? { onTimeout: ctx.target(site.step, value.on_timeout, [...site.path, 'on_timeout'], false) } : {}),
      ...transitions(value, site, ctx),
    };
  },
  wait: {
    render: (action, scope) => {
      const waitUrl = action.wait ? scope.links.queueWait(scope.state, { flow: action.wait.flow ?? scope.flowName, step: action.wait.step }) : '';
      scope.emit(action.verb, { ...scope.runtime, waitUrl });
    },
    resume: (action, scope) => {
      const result = queueOutcome(action, scope.state, scope.context.call.call_status, scope.inputs.input.queue_result, scope.inputs);
      scope.context.input = { ...scope.context.input, queue_result: result };
      const served = result === 'bridged' || result === 'hangup';
      return { ...scope.continueAt(served ? action.then : (action.onTimeout ?? action.then)), queueResult: result };
    },
    // Its state (its action and waitUrl) keeps when the caller was queued (queueOutcome); an Enqueue
    // is never itself in a queue's wait.
    state: (inputs) => ({ queuedAt: Math.floor(inputs.now.getTime() / 1000) }),
  },
});

/** enqueue.md: maxWaitTimeSecs defaults to 14400. */
const DEFAULT_MAX_WAIT_SECONDS = 14400;
/** Telnyx's timer and ours are not the same clock: a request this close to the maximum wait is its expiry. */
const MAX_WAIT_SLACK_SECONDS = 2;
/** CallStatus values of a call that has ended (the caller hung up while queued or talking). */
const ENDED_STATUSES = new Set(['completed', 'canceled', 'busy', 'failed', 'no-answer']);

/**
 * How the caller left the queue, from what the service knows. Telnyx requests the Enqueue's
 * action "right away when the call is dequeued using <Leave>", "once the bridged calls
 * disconnect" when an agent's <Dial><Queue> took it, and when maxWaitTimeSecs runs out
 * (enqueue.md); it documents no parameter saying which (QueueResult is TwiML's: used only when
 * present). So, in order:
 * - `QueueResult`, when Telnyx sends one;
 * - `hangup`: the request's CallStatus says the call has ended;
 * - `leave`: the service issued the `<Leave>` (it recorded so before answering with it);
 * - `timeout`: the request came once the maximum wait (the Enqueue's, else Telnyx's 14400 s) had
 *   passed since the caller was queued (sealed in the Enqueue's state);
 * - `bridged`: none of those: the call left the queue early, alive, without our Leave, so an
 *   agent took it. A bridged conversation that outlasts the maximum wait is taken for a timeout
 *   unless QueueResult says otherwise (docs/flows.md, enqueue).
 */
function queueOutcome(action: { maxWait?: number }, state: FlowState, callStatus: string | undefined, queueResult: string | undefined, inputs: RenderInputs): string {
  if (queueResult) return queueResult;
  if (callStatus !== undefined && ENDED_STATUSES.has(callStatus)) return 'hangup';
  if (inputs.queue?.leaveIssued) return 'leave';
  if (state.queuedAt !== undefined) {
    const waited = inputs.now.getTime() / 1000 - state.queuedAt;
    if (waited >= (action.maxWait ?? DEFAULT_MAX_WAIT_SECONDS) - MAX_WAIT_SLACK_SECONDS) return 'timeout';
  }
  return 'bridged';
}

declare module './action-kinds' {
  interface ActionKinds {
    enqueue: typeof enqueueAction;
  }
}
