import { z } from 'zod';
import type { SourcePath } from '../../source/source-file';
import { RING_TONES } from '../../texml/texml-rules';
import type { ActionBase, CompiledFragment, StepTarget, WaitTransitions } from '../compiled-parts';
import type { FlowCompileContext } from '../flow-compile-context';
import { dialStatusSchema, dialTargetSchema, durationSeconds, templateSchema } from '../schema/common-schemas';
import { runtimeSlot, type FlowNode } from '../texml-kit';
import { defineWaitingAction } from './action-definition';
import { at, fragment, stepRef, transitions } from './action-kit';

export type DialAction = ActionBase &
  WaitTransitions & {
    kind: 'dial';
    legs: CompiledFragment[];
    sequential: boolean;
    /** By DialCallStatus; a Map, so a status like `valueOf` cannot reach Object.prototype. */
    on: ReadonlyMap<string, StepTarget>;
  };

const dialSchema = () =>
  z.strictObject({
    numbers: z.union([dialTargetSchema, z.array(dialTargetSchema).min(1).max(10)]),
    mode: z.enum(['simultaneous', 'sequential']).optional(),
    timeout: durationSeconds(5, 120).optional(),
    time_limit: durationSeconds(60, 14400).optional(),
    caller_id: templateSchema.optional(),
    record: z.enum(['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual']).optional(),
    hangup_on_star: z.boolean().optional(),
    answer_on_bridge: z.boolean().optional(),
    // Dial page: the ringback countries, or an audio file that overrides them.
    ring_tone: z.enum(RING_TONES).optional(),
    audio_url: templateSchema.optional(),
    send_recording_url: z.boolean().optional(),
    pass_diversion_header: z.boolean().optional(),
    // Dial page: Premium AMD tuning, in milliseconds (used when a leg runs Premium detection).
    machine_detection_speech_threshold: z.number().int().min(0).optional(),
    machine_detection_speech_end_threshold: z.number().int().min(0).optional(),
    machine_detection_silence_timeout: z.number().int().min(0).optional(),
    on: z.partialRecord(dialStatusSchema, stepRef).optional(),
    then: stepRef.optional(),
  });

/** Ring numbers, SIP addresses or a queue, together or one after another; the outcome picks the step. */
export const dialAction = defineWaitingAction({
  name: 'dial',
  schema: dialSchema,
  compile: (value, site, ctx): DialAction => {
    const targets = Array.isArray(value.numbers) ? value.numbers : [value.numbers];
    const sequential = value.mode === 'sequential';
    const attributes = {
      action: runtimeSlot('action'),
      timeout: value.timeout,
      timeLimit: value.time_limit,
      callerId: value.caller_id === undefined ? undefined : ctx.value(value.caller_id, [...site.path, 'caller_id']),
      record: value.record,
      // A recorded leg reports its recording like a <Record> does, so it reaches the timeline.
      recordingStatusCallback: value.record !== undefined && value.record !== 'do-not-record' ? runtimeSlot('recordingCallbackUrl') : undefined,
      hangupOnStar: value.hangup_on_star,
      answerOnBridge: value.answer_on_bridge,
      ringTone: value.ring_tone,
      audioUrl: value.audio_url === undefined ? undefined : ctx.value(value.audio_url, [...site.path, 'audio_url']),
      sendRecordingUrl: value.send_recording_url,
      passDiversionHeader: value.pass_diversion_header,
      machineDetectionSpeechThreshold: value.machine_detection_speech_threshold,
      machineDetectionSpeechEndThreshold: value.machine_detection_speech_end_threshold,
      machineDetectionSilenceTimeout: value.machine_detection_silence_timeout,
    };
    const nouns = targets.map((t, i) => dialNoun(t, [...site.path, 'numbers', ...(Array.isArray(value.numbers) ? [i] : [])], ctx));
    const queueWithOthers = nouns.some((n) => n.verb === 'Queue') && nouns.length > 1 && !sequential;
    if (queueWithOthers) {
      ctx.report([...site.path, 'numbers'], 'error', 'a queue: target cannot ring together with other targets', "use mode: sequential, or dial the queue alone");
    }
    const legs = queueWithOthers ? [] : (sequential ? nouns.map((n) => [n]) : [nouns]).map((children) => fragment(ctx, site.path, [{ verb: 'Dial', attributes, children }]));
    const on = new Map<string, StepTarget>();
    for (const [status, step] of Object.entries(value.on ?? {})) on.set(status, ctx.target(site.step, step, [...site.path, 'on', status], false));
    return { kind: 'dial', where: at(ctx, site.path), legs, sequential, on, ...transitions(value, site, ctx) };
  },
  wait: {
    render: (action, scope) => scope.emit(action.legs[scope.state.leg]!, scope.runtime),
    resume: (action, scope) => {
      const status = scope.inputs.input.dial_status ?? 'failed';
      const connected = status === 'completed' || status === 'answered';
      // canceled: the caller hung up while it rang, so there is nobody to ring the next leg for.
      if (!connected && status !== 'canceled' && action.sequential && scope.state.leg + 1 < action.legs.length) {
        return scope.waitAgain(0, scope.state.leg + 1);
      }
      return scope.continueAt(action.on.get(status) ?? action.then);
    },
  },
});

function dialNoun(target: string, path: SourcePath, ctx: FlowCompileContext): FlowNode {
  if (target.startsWith('queue:')) {
    const queue = target.slice('queue:'.length);
    if (!ctx.queues.has(queue)) ctx.report(path, 'error', `queue '${queue}' is not declared`, 'declare it under queues: in routes/');
    return { verb: 'Queue', text: queue };
  }
  // Each dialled leg reports its progress, so the timeline shows who rang and who answered.
  const leg = { statusCallback: runtimeSlot('callStatusCallbackUrl'), statusCallbackEvent: 'initiated ringing answered completed' };
  if (target.startsWith('sip:') || target.startsWith('sips:')) return { verb: 'Sip', text: ctx.value(target, path), attributes: leg };
  return { verb: 'Number', text: ctx.value(target, path), attributes: leg };
}

declare module './action-kinds' {
  interface ActionKinds {
    dial: typeof dialAction;
  }
}
