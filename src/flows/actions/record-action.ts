import { z } from 'zod';
import type { ActionBase, CompiledFragment, WaitTransitions } from '../compiled-parts';
import { durationSeconds, languageSchema } from '../schema/common-schemas';
import { runtimeSlot } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, stepRef, transitions } from './action-kit';
import { isNode, promptNode } from './prompted-input';

export type RecordAction = ActionBase & WaitTransitions & { kind: 'record'; prompt: CompiledFragment[]; verb: CompiledFragment };

/** Record the caller (a voicemail); the recording reaches the timeline. */
export const recordAction = defineWaitingAction({
  name: 'record',
  schema: (kit) =>
    z.strictObject({
      prompt: kit.actionList.optional(),
      max_length: durationSeconds(1, 14400).optional(),
      timeout: durationSeconds(0, 60).optional(),
      finish_on_key: z.string().regex(/^[0-9*#]*$/).optional(),
      beep: z.boolean().optional(),
      transcribe: z.boolean().optional(),
      trim: z.enum(['trim-silence', 'do-not-trim']).optional(),
      channels: z.enum(['single', 'dual']).optional(),
      format: z.enum(['mp3', 'wav']).optional(),
      // Record page: the language of the transcription (with transcribe: true).
      transcription_language: languageSchema.optional(),
      then: stepRef.optional(),
    }),
  compile: (value, site, ctx): RecordAction => {
    const prompt = (value.prompt ?? []).map((a, i) => promptNode(a, [...site.path, 'prompt', i], ctx)).filter(isNode);
    return {
      kind: 'record',
      where: at(ctx, site.path),
      prompt: prompt.length ? [fragment(ctx, [...site.path, 'prompt'], prompt)] : [],
      verb: fragment(ctx, site.path, [
        {
          verb: 'Record',
          attributes: {
            action: runtimeSlot('action'),
            maxLength: value.max_length,
            timeout: value.timeout,
            finishOnKey: value.finish_on_key,
            playBeep: value.beep,
            transcription: value.transcribe,
            recordingStatusCallback: runtimeSlot('recordingCallbackUrl'),
            transcriptionCallback: value.transcribe ? runtimeSlot('transcriptionCallbackUrl') : undefined,
            transcriptionLanguage: value.transcription_language,
            trim: value.trim,
            channels: value.channels,
            format: value.format,
          },
        },
        // TeXML skips the action when nothing was recorded and falls through: come back anyway.
        { verb: 'Redirect', text: runtimeSlot('noInputUrl') },
      ]),
      ...transitions(value, site, ctx),
    };
  },
  wait: {
    // The resume reads nothing of the result: the Redirect's request is the action's.
    noInputUrl: 'action',
    render: (action, scope) => {
      for (const fragment of action.prompt) scope.emit(fragment, scope.runtime);
      scope.emit(action.verb, scope.runtime);
    },
    resume: (action, scope) => scope.continueAt(action.then),
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    record: typeof recordAction;
  }
}
