import { z } from 'zod';
import type { ActionBase, CompiledFragment, WaitTransitions } from '../compiled-parts';
import { templateSchema, voiceSchema } from '../schema/common-schemas';
import { runtimeSlot, type FlowNode } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, mustacheSafeJson, stepRef, transitions } from './action-kit';

export type AiGatherAction = ActionBase & WaitTransitions & { kind: 'ai_gather'; verb: CompiledFragment };

// AIGather page: the AI collects what a JSON Schema describes; the call waits on the action.
export const aiGatherAction = defineWaitingAction({
  name: 'ai_gather',
  schema: () =>
    z.strictObject({
      greeting: templateSchema.optional(),
      voice: z.strictObject({ name: voiceSchema, voice_speed: z.number().min(0.1).max(2).optional(), api_key_ref: z.string().min(1).max(128).optional() }).optional(),
      parameters: z.record(z.string(), z.unknown()),
      message_history: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), text: templateSchema })).optional(),
      then: stepRef.optional(),
    }),
  compile: (value, site, ctx): AiGatherAction => {
    const children: FlowNode[] = [];
    if (value.greeting !== undefined) children.push({ verb: 'Greeting', text: ctx.value(value.greeting, [...site.path, 'greeting']) });
    if (value.voice !== undefined) children.push({ verb: 'Voice', attributes: { name: value.voice.name, voice_speed: value.voice.voice_speed, api_key_ref: value.voice.api_key_ref } });
    // The JSON Schema of what to gather, written as YAML: static, checked as a JSON object by the builder.
    children.push({ verb: 'Parameters', text: mustacheSafeJson(JSON.stringify(value.parameters), 'escape-strings') });
    if (value.message_history !== undefined) {
      children.push({
        verb: 'MessageHistory',
        children: value.message_history.map((m, i): FlowNode => ({ verb: 'Message', attributes: { role: m.role }, text: ctx.value(m.text, [...site.path, 'message_history', i, 'text']) })),
      });
    }
    return {
      kind: 'ai_gather',
      where: at(ctx, site.path),
      verb: fragment(ctx, site.path, [
        { verb: 'AIGather', attributes: { action: runtimeSlot('action') }, children },
        // Should AIGather end without requesting the action, come back anyway (as after Record).
        { verb: 'Redirect', text: runtimeSlot('noInputUrl') },
      ]),
      ...transitions(value, site, ctx),
    };
  },
  wait: {
    // The resume reads nothing of the result (an empty ai_result is the Redirect's): one URL for both.
    noInputUrl: 'action',
    render: (action, scope) => scope.emit(action.verb, scope.runtime),
    // input.ai_status and input.ai_result (empty when it ended without an action) reach the steps that follow.
    resume: (action, scope) => scope.continueAt(action.then),
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    ai_gather: typeof aiGatherAction;
  }
}
