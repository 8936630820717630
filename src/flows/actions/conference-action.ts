import { z } from 'zod';
import type { ActionBase, CompiledFragment, WaitTransitions } from '../compiled-parts';
import { durationSeconds, templateSchema } from '../schema/common-schemas';
import { runtimeSlot } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, stepRef, transitions } from './action-kit';

export type ConferenceAction = ActionBase & WaitTransitions & { kind: 'conference'; verb: CompiledFragment };

/** Join a conference room; the call waits there until it leaves. */
export const conferenceAction = defineWaitingAction({
  name: 'conference',
  schema: () =>
    z.strictObject({
      room: templateSchema,
      muted: z.boolean().optional(),
      start_on_enter: z.boolean().optional(),
      end_on_exit: z.boolean().optional(),
      beep: z.enum(['true', 'false', 'onEnter', 'onExit']).or(z.boolean()).optional(),
      max_participants: z.number().int().min(2).max(250).optional(),
      record: z.enum(['do-not-record', 'record-from-start']).optional(),
      wait_url: templateSchema.optional(),
      label: templateSchema.optional(),
      time_limit: durationSeconds(60, 14400).optional(),
      then: stepRef.optional(),
    }),
  compile: (value, site, ctx): ConferenceAction => ({
    kind: 'conference',
    where: at(ctx, site.path),
    verb: fragment(ctx, site.path, [
      {
        verb: 'Dial',
        attributes: { action: runtimeSlot('action'), timeLimit: value.time_limit },
        children: [
          {
            verb: 'Conference',
            text: ctx.value(value.room, [...site.path, 'room']),
            attributes: {
              muted: value.muted,
              startConferenceOnEnter: value.start_on_enter,
              endConferenceOnExit: value.end_on_exit,
              beep: typeof value.beep === 'boolean' ? value.beep : value.beep,
              maxParticipants: value.max_participants,
              record: value.record,
              recordingStatusCallback: value.record === 'record-from-start' ? runtimeSlot('recordingCallbackUrl') : undefined,
              waitUrl: value.wait_url === undefined ? undefined : ctx.value(value.wait_url, [...site.path, 'wait_url']),
              participantLabel: value.label === undefined ? undefined : ctx.value(value.label, [...site.path, 'label']),
              statusCallback: runtimeSlot('conferenceCallbackUrl'),
              statusCallbackEvent: 'start end join leave',
            },
          },
        ],
      },
    ]),
    ...transitions(value, site, ctx),
  }),
  wait: {
    render: (action, scope) => scope.emit(action.verb, scope.runtime),
    resume: (action, scope) => scope.continueAt(action.then),
  },
});

declare module './action-kinds' {
  interface ActionKinds {
    conference: typeof conferenceAction;
  }
}
