import { z } from 'zod';
import {
  dialStatusSchema,
  dialTargetSchema,
  durationSeconds,
  languageSchema,
  nameSchema,
  templateSchema,
  voiceSchema,
} from './common-schemas';
import { operationNames } from '../../jobs/operation-names';
import { RING_TONES } from '../../texml/texml-rules';

/*
 * The flow language's actions. Each entry is validated on its own (so an error names the action
 * and the exact key), and the same registry produces the JSON Schema editors use.
 */

export type ActionInput = string | Record<string, unknown>;

/** `job:` in a step, and in an `on:` hook. */
export const jobActionSchema = z.strictObject({
  op: z.enum(operationNames),
  with: z.record(z.string(), z.unknown()).optional(),
  idempotency_key: templateSchema.optional(),
  delay: z.number().int().min(0).max(30 * 24 * 3600).optional(),
});

export function createActionSchemas(actionListSchema: z.ZodType<ActionInput[]>, conditionSchema: z.ZodType) {
  const stepRef = nameSchema;
  const flowStepRef = z.strictObject({ flow: nameSchema, step: nameSchema.optional() });
  const inputKinds = z.array(z.enum(['dtmf', 'speech'])).min(1).max(2);
  const digitKey = z.string().regex(/^[0-9*#]$/, 'must be one key: 0-9, * or #');

  const say = z.union([
    templateSchema,
    z.strictObject({ text: templateSchema, voice: voiceSchema.optional(), language: languageSchema.optional(), loop: z.number().int().min(0).max(10).optional() }),
  ]);
  const play = z.union([
    templateSchema,
    z.strictObject({ url: templateSchema, loop: z.number().int().min(0).max(10).optional(), digits: z.string().regex(/^[0-9*#w]+$/).optional() }),
  ]);
  const pause = z.union([durationSeconds(1, 180), z.strictObject({ length: durationSeconds(1, 180) })]);

  const promptCommon = {
    prompt: actionListSchema.optional(),
    input: inputKinds.optional(),
    timeout: durationSeconds(1, 120).optional(),
    speech_timeout: z.union([durationSeconds(1, 60), z.literal('auto')]).optional(),
    language: languageSchema.optional(),
    hints: z.array(z.string().min(1)).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    no_input: actionListSchema.optional(),
    invalid: actionListSchema.optional(),
    on_fail: stepRef.optional(),
  };

  const gather = z.strictObject({
    ...promptCommon,
    into: nameSchema,
    num_digits: z.number().int().min(1).max(128).optional(),
    min_digits: z.number().int().min(1).max(128).optional(),
    max_digits: z.number().int().min(1).max(128).optional(),
    finish_on_key: z.union([digitKey, z.literal('')]).optional(),
    pattern: z.string().min(1).optional(),
    then: stepRef.optional(),
  });

  const menu = z.strictObject({
    ...promptCommon,
    prompt: actionListSchema,
    options: z.record(z.string().regex(/^([0-9*#]|[A-Za-z][A-Za-z ]{0,63})$/, 'must be one key (0-9 * #) or a speech keyword'), stepRef),
  });

  const dial = z.strictObject({
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

  const record = z.strictObject({
    prompt: actionListSchema.optional(),
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
  });

  const enqueue = z.strictObject({
    queue: nameSchema,
    wait: z.union([stepRef, flowStepRef]).optional(),
    max_wait: durationSeconds(1, 14400).optional(),
    on_timeout: stepRef.optional(),
    then: stepRef.optional(),
  });

  const conference = z.strictObject({
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
  });

  const redirect = z.union([flowStepRef, z.strictObject({ url: templateSchema, method: z.enum(['GET', 'POST']).optional() })]);

  const branchArmSchema = z.union([z.strictObject({ if: conditionSchema, goto: stepRef }), z.strictObject({ else: stepRef })]);
  const branch = z.array(branchArmSchema).min(1);

  const set = z.record(nameSchema, z.union([templateSchema, z.number(), z.boolean()]));
  /** In a queue's wait step: go to a step once every `seconds` of waiting (a callback offer). */
  const every = z.strictObject({ seconds: z.number().int().min(10).max(14_400), goto: stepRef });

  const track = z.enum(['inbound_track', 'outbound_track', 'both_tracks']);
  // Stream page: <Parameter name value> children reach the WebSocket server in its `start` message.
  const parameterMap = z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -'), templateSchema);
  const streamParams = z.strictObject({
    url: templateSchema,
    name: nameSchema.optional(),
    track: track.optional(),
    bidirectional: z.boolean().optional(),
    enable_reconnect: z.boolean().optional(),
    parameters: parameterMap.optional(),
  });
  const siprecParams = z.strictObject({ connector: z.string().min(1), name: nameSchema.optional(), track: track.optional() });
  const transcriptionParams = z.strictObject({ language: languageSchema.optional(), engine: z.enum(['Google', 'Telnyx', 'Deepgram', 'Azure', 'A', 'B']).optional(), tracks: z.enum(['inbound', 'outbound', 'both']).optional(), interim_results: z.boolean().optional() });
  const recordingParams = z.strictObject({ channels: z.enum(['single', 'dual']).optional(), format: z.enum(['mp3', 'wav']).optional(), track: z.enum(['inbound', 'outbound', 'both']).optional() });
  const start = z.union([
    z.strictObject({ stream: streamParams }),
    z.strictObject({ siprec: siprecParams }),
    z.strictObject({ transcription: transcriptionParams }),
    z.strictObject({ recording: recordingParams }),
    z.strictObject({ suppression: z.strictObject({ direction: z.enum(['inbound', 'outbound', 'both']).optional() }) }),
  ]);
  const stop = z.union([
    z.strictObject({ stream: nameSchema }),
    z.strictObject({ siprec: nameSchema }),
    z.strictObject({ transcription: z.literal(true) }),
    z.strictObject({ suppression: z.literal(true) }),
  ]);

  const job = jobActionSchema;

  // Pay page: collect a card or bank payment through a Pay connector; the call waits on the action.
  const pay = z.strictObject({
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
    prompts: z.record(z.string().regex(/^[a-z][a-z-]{0,63}$/, 'must be a collection step such as payment-card-number'), say).optional(),
    parameters: parameterMap.optional(),
    then: stepRef.optional(),
  });

  // AIGather page: the AI collects what a JSON Schema describes; the call waits on the action.
  const aiGather = z.strictObject({
    greeting: templateSchema.optional(),
    voice: z.strictObject({ name: voiceSchema, voice_speed: z.number().min(0.1).max(2).optional(), api_key_ref: z.string().min(1).max(128).optional() }).optional(),
    parameters: z.record(z.string(), z.unknown()),
    message_history: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), text: templateSchema })).optional(),
    then: stepRef.optional(),
  });

  // AIAssistant page, inside Connect: start an assistant or join a conversation.
  const aiAssistant = z.union([
    z.strictObject({ id: z.string().min(1).max(128) }),
    z.strictObject({ join: templateSchema, participant_name: templateSchema.optional(), participant_role: z.enum(['user', 'assistant']).optional() }),
  ]);

  // ConversationRelay page, inside Connect.
  const relayInterruptible = z.enum(['none', 'any', 'speech', 'dtmf']);
  const conversationRelay = z.strictObject({
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

/** Actions that take a value. Adding one here without a compiler entry does not compile. */
  return {
  say,
  play,
  pause,
  gather,
  menu,
  dial,
  record,
  enqueue,
  conference,
  goto: stepRef,
  every,
  redirect,
  branch,
  set,
  reject: z.enum(['rejected', 'busy']),
  start,
  stop,
  job,
  pay,
  ai_gather: aiGather,
  ai_assistant: aiAssistant,
  conversation_relay: conversationRelay,
  hangup: z.null(),
  leave: z.null(),
  } as const;
}

/**
 * The registry is built twice from this one definition: for validation, nested action lists and
 * conditions dispatch on their key (precise errors); for the JSON Schema, they are plain unions.
 */
export type ActionSchemas = ReturnType<typeof createActionSchemas>;
export type ActionName = keyof ActionSchemas;

/** Actions written as a bare word (`- hangup`). */
export const bareActionNames = ['hangup', 'leave', 'reject'] as const satisfies readonly ActionName[];

export type ActionValue<N extends ActionName> = z.infer<ActionSchemas[N]>;

export const actionNames = [
  'say', 'play', 'pause', 'gather', 'menu', 'dial', 'record', 'enqueue', 'conference', 'goto', 'every', 'redirect',
  'branch', 'set', 'reject', 'start', 'stop', 'job', 'pay', 'ai_gather', 'ai_assistant', 'conversation_relay', 'hangup', 'leave',
] as const satisfies readonly ActionName[];

// Fails to compile when an action is added to the registry but not to the list above.
type MissingActionName = Exclude<ActionName, (typeof actionNames)[number]>;
const everyActionListed: MissingActionName extends never ? true : false = true;
void everyActionListed;
