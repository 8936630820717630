import { z } from 'zod';
import { languageSchema, templateSchema } from '../schema/common-schemas';
import type { FlowNode } from '../texml-kit';
import { defineAction } from './action-definition';
import { parameterChildren, parameterMap } from './action-kit';
import { emitAction } from './plain-verbs';

// ConversationRelay page, inside Connect.
const conversationRelaySchema = () => {
  const relayInterruptible = z.enum(['none', 'any', 'speech', 'dtmf']);
  return z.strictObject({
    url: templateSchema,
    welcome_greeting: templateSchema.optional(),
    voice: z.string().min(1).max(128).optional(),
    language: languageSchema.optional(),
    transcription_provider: z.string().min(1).max(64).optional(),
    interruptible: relayInterruptible.optional(),
    welcome_greeting_interruptible: relayInterruptible.optional(),
    dtmf_detection: z.boolean().optional(),
    languages: z.array(z.strictObject({
      code: languageSchema,
      tts_provider: z.string().min(1).max(64).optional(),
      voice: z.string().min(1).max(128).optional(),
      transcription_provider: z.string().min(1).max(64).optional(),
      speech_model: z.string().min(1).max(128).optional(),
    })).min(1).optional(),
    parameters: parameterMap.optional(),
  });
};

export const conversationRelayAction = defineAction({
  name: 'conversation_relay',
  schema: conversationRelaySchema,
  compile: (value, site, ctx) => {
    const languages = (value.languages ?? []).map((l): FlowNode => ({
      verb: 'Language',
      attributes: { code: l.code, ttsProvider: l.tts_provider, voice: l.voice, transcriptionProvider: l.transcription_provider, speechModel: l.speech_model },
    }));
    const { children: parameters = [] } = parameterChildren(value.parameters, [...site.path, 'parameters'], ctx);
    const relay: FlowNode = {
      verb: 'ConversationRelay',
      attributes: {
        url: ctx.value(value.url, [...site.path, 'url']),
        welcomeGreeting: value.welcome_greeting === undefined ? undefined : ctx.value(value.welcome_greeting, [...site.path, 'welcome_greeting']),
        voice: value.voice,
        language: value.language,
        transcriptionProvider: value.transcription_provider,
        interruptible: value.interruptible,
        welcomeGreetingInterruptible: value.welcome_greeting_interruptible,
        dtmfDetection: value.dtmf_detection,
      },
      children: [...languages, ...parameters],
    };
    return emitAction(ctx, site, [{ verb: 'Connect', children: [relay] }]);
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    conversation_relay: typeof conversationRelayAction;
  }
}
