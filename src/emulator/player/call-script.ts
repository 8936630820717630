import { z } from 'zod';

/**
 * What the far end of a played call does: the caller's (or callee's) answers, key presses, speech,
 * silences and hang-ups, the outcome of every number the call dials, and answering-machine
 * detection. The wire form (JSON over /_emulator, YAML in scenarios) is snake_case with short
 * forms; `callScriptSchema` turns it into the normalised `CallScript` the player reads.
 */

export const AMD_RESULTS = [
  'human',
  'machine',
  'machine_start',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
  'fax',
  'unknown',
] as const;
export type AmdResult = (typeof AMD_RESULTS)[number];

export const ANSWER_OUTCOMES = ['answered', 'busy', 'no-answer', 'failed'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];

export const QUEUE_RESULTS = ['bridged', 'hangup', 'timeout', 'hold'] as const;
export type QueueScriptResult = (typeof QUEUE_RESULTS)[number];

export const RECORD_ENDS = ['key', 'silence', 'hangup', 'max'] as const;
export type RecordEnd = (typeof RECORD_ENDS)[number];

export type CallerAction =
  | { kind: 'press'; digits: string }
  | { kind: 'say'; text: string; confidence: number }
  | { kind: 'silence' }
  | { kind: 'hangup' }
  | { kind: 'record'; seconds: number; transcript: string | undefined; end: RecordEnd | undefined }
  | { kind: 'queue'; result: QueueScriptResult; afterSeconds: number | undefined; talkSeconds: number; agent: string | undefined }
  | { kind: 'conference'; staySeconds: number | undefined };

export type CallerActionKind = CallerAction['kind'];

export interface DialOutcome {
  status: AnswerOutcome;
  /** Seconds of ringing before the answer (or before busy/failed). */
  ringSeconds: number;
  /** Seconds the two talk once answered. */
  talkSeconds: number;
  /** Who ends the conversation: the dialed party (the caller's call goes on) or the caller. */
  hangupBy: 'callee' | 'caller';
}

export interface CallScript {
  /** For calls the emulator places (REST, Dial legs): does the far end answer? */
  answer: AnswerOutcome;
  ringSeconds: number;
  /** What answering-machine detection reports, when the call asked for it. */
  answeredBy: AmdResult;
  /** Done in order, one per Gather, Record, Enqueue and Dial Conference the call reaches. */
  actions: CallerAction[];
  /** The caller hangs up this many seconds after the answer, wherever the call is. */
  hangupAfterSeconds: number | undefined;
  /** The caller hangs up halfway through the first Say (or Play URL) containing this text (any case). */
  hangupOnHear: string | undefined;
  /** Dial outcomes by number, SIP URI or `queue:NAME`; `*` for any other. */
  dial: Record<string, DialOutcome>;
  /** How long a `<Play>` of a URL lasts (the emulator fetches no audio). */
  playSeconds: number;
}

const seconds = z.number().min(0).max(86_400);
const digits = z.union([z.string().regex(/^[0-9*#wW]+$/, 'must be keys 0-9, *, # or w'), z.number().int().min(0)]).transform(String);

const recordSchema = z
  .union([
    seconds.transform((s) => ({ seconds: s })),
    z.strictObject({ seconds: seconds.optional(), transcript: z.string().optional(), end: z.enum(RECORD_ENDS).optional() }),
  ])
  .transform((r): CallerAction => ({ kind: 'record', seconds: r.seconds ?? 5, transcript: 'transcript' in r ? r.transcript : undefined, end: 'end' in r ? r.end : undefined }));

const queueSchema = z
  .union([
    z.enum(QUEUE_RESULTS).transform((result) => ({ result })),
    z.strictObject({ result: z.enum(QUEUE_RESULTS), after: seconds.optional(), talk: seconds.optional(), agent: z.string().min(1).optional() }),
  ])
  .transform((q): CallerAction => ({
    kind: 'queue',
    result: q.result,
    afterSeconds: 'after' in q ? q.after : undefined,
    talkSeconds: ('talk' in q ? q.talk : undefined) ?? 60,
    agent: 'agent' in q ? q.agent : undefined,
  }));

const conferenceSchema = z
  .union([
    seconds.transform((stay) => ({ stay })),
    z.literal('until-end').transform(() => ({ stay: 'until-end' as const })),
    z.strictObject({ stay: z.union([seconds, z.literal('until-end')]).optional() }),
  ])
  .transform((c): CallerAction => ({ kind: 'conference', staySeconds: c.stay === 'until-end' ? undefined : (c.stay ?? 60) }));

const ACTION_SCHEMAS = {
  press: z.strictObject({ press: digits }).transform((a): CallerAction => ({ kind: 'press', digits: a.press })),
  say: z
    .strictObject({ say: z.string().min(1), confidence: z.number().min(0).max(1).optional() })
    .transform((a): CallerAction => ({ kind: 'say', text: a.say, confidence: a.confidence ?? 0.92 })),
  silence: z.strictObject({ silence: z.literal(true) }).transform((): CallerAction => ({ kind: 'silence' })),
  hangup: z.strictObject({ hangup: z.literal(true) }).transform((): CallerAction => ({ kind: 'hangup' })),
  record: z.strictObject({ record: recordSchema }).transform((a) => a.record),
  queue: z.strictObject({ queue: queueSchema }).transform((a) => a.queue),
  conference: z.strictObject({ conference: conferenceSchema }).transform((a) => a.conference),
} as const;
const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as (keyof typeof ACTION_SCHEMAS)[];

/**
 * One thing the caller does: `silence`, `hangup`, or a map with one of press, say, record, queue,
 * conference. Picks the action by its key first, so a mistake is reported against that action.
 */
export const callerActionSchema = z.unknown().transform((value, ctx): CallerAction => {
  if (value === 'silence' || value === 'hangup') return { kind: value };
  const key = value !== null && typeof value === 'object' && !Array.isArray(value) ? ACTION_NAMES.find((name) => name in value) : undefined;
  if (!key) {
    const given = value !== null && typeof value === 'object' && !Array.isArray(value) ? `'${Object.keys(value)[0] ?? '{}'}'` : JSON.stringify(value);
    ctx.addIssue({ code: 'custom', message: `a caller action is silence, hangup, or one of ${ACTION_NAMES.filter((n) => n !== 'silence' && n !== 'hangup').join(', ')} (got ${given})` });
    return z.NEVER;
  }
  const parsed = ACTION_SCHEMAS[key].safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }
  return parsed.data;
});

export const dialOutcomeSchema = z
  .union([
    z.enum(ANSWER_OUTCOMES).transform((status) => ({ status })),
    z.strictObject({
      status: z.enum(ANSWER_OUTCOMES).optional(),
      ring: seconds.optional(),
      talk: seconds.optional(),
      hangup: z.enum(['callee', 'caller']).optional(),
    }),
  ])
  .transform(
    (d): DialOutcome => ({
      status: d.status ?? 'answered',
      ringSeconds: ('ring' in d ? d.ring : undefined) ?? 4,
      talkSeconds: ('talk' in d ? d.talk : undefined) ?? 30,
      hangupBy: ('hangup' in d ? d.hangup : undefined) ?? 'callee',
    }),
  );

/** A script's fields as written (snake_case), already parsed; every default lives in buildCallScript. */
export interface CallScriptFields {
  answer?: AnswerOutcome | undefined;
  ring?: number | undefined;
  answered_by?: AmdResult | undefined;
  caller?: CallerAction[] | undefined;
  hangup_after?: number | undefined;
  hangup_on_hear?: string | undefined;
  dial?: Record<string, DialOutcome> | undefined;
  play_seconds?: number | undefined;
}

/** The script a call plays, with the defaults for everything left out. */
export function buildCallScript(s: CallScriptFields): CallScript {
  return {
    answer: s.answer ?? 'answered',
    ringSeconds: s.ring ?? 3,
    answeredBy: s.answered_by ?? 'human',
    actions: s.caller ?? [],
    hangupAfterSeconds: s.hangup_after,
    hangupOnHear: s.hangup_on_hear,
    dial: s.dial ?? {},
    playSeconds: s.play_seconds ?? 10,
  };
}

export const callScriptSchema = z
  .strictObject({
    answer: z.enum(ANSWER_OUTCOMES).optional(),
    ring: seconds.optional(),
    answered_by: z.enum(AMD_RESULTS).optional(),
    caller: z.array(callerActionSchema).optional(),
    hangup_after: seconds.optional(),
    hangup_on_hear: z.string().min(1).optional(),
    dial: z.record(z.string().min(1), dialOutcomeSchema).optional(),
    play_seconds: seconds.optional(),
  })
  .transform(buildCallScript);

/** The wire form of a script, as JSON or YAML gives it. */
export type CallScriptInput = z.input<typeof callScriptSchema>;

/** Parses a wire-form script; throws a ZodError on a bad one. */
export function parseCallScript(input: unknown): CallScript {
  return callScriptSchema.parse(input ?? {});
}

/** The script of a call nobody scripted: answers as a person, stays silent, every dial answers. */
export function defaultCallScript(): CallScript {
  return parseCallScript({});
}

/** The outcome for one dialed target: exact match, then `*`, then answered. */
export function dialOutcomeFor(script: CallScript, target: string): DialOutcome {
  return script.dial[target] ?? script.dial['*'] ?? { status: 'answered', ringSeconds: 4, talkSeconds: 30, hangupBy: 'callee' };
}
