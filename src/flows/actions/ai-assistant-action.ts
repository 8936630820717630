import { z } from 'zod';
import { templateSchema } from '../schema/common-schemas';
import { defineAction } from './action-definition';
import { emitAction } from './plain-verbs';

// AIAssistant page, inside Connect: start an assistant or join a conversation.
export const aiAssistantAction = defineAction({
  name: 'ai_assistant',
  schema: () =>
    z.union([
      z.strictObject({ id: z.string().min(1).max(128) }),
      z.strictObject({ join: templateSchema, participant_name: templateSchema.optional(), participant_role: z.enum(['user', 'assistant']).optional() }),
    ]),
  compile: (value, site, ctx) => {
    const attributes = 'id' in value
      ? { id: value.id }
      : {
          join: ctx.value(value.join, [...site.path, 'join']),
          participantName: value.participant_name === undefined ? undefined : ctx.value(value.participant_name, [...site.path, 'participant_name']),
          participantRole: value.participant_role,
        };
    // Connect is synchronous: the next actions run when the assistant session ends.
    return emitAction(ctx, site, [{ verb: 'Connect', children: [{ verb: 'AIAssistant', attributes }] }]);
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    ai_assistant: typeof aiAssistantAction;
  }
}
