import { z } from 'zod';
import { AMD_RESULTS, ANSWER_OUTCOMES, callerActionSchema, dialOutcomeSchema, type CallerAction, type DialOutcome } from '../emulator';
import type { EndedBy } from '../emulator';
import { requestStubSchema } from './request-stubs';

/** How a call may end, as expectations name it (see the emulator's EndedBy). */
export const ENDED_BY = ['caller', 'hangup', 'end-of-document', 'reject', 'error', 'remote', 'api', 'time-limit', 'busy', 'no-answer', 'failed', 'emulator'] as const satisfies readonly EndedBy[];
const CALL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;

const e164OrSip = z.string().regex(/^(\+[1-9]\d{1,14}|sip:.+)$/, 'must be +E.164 (e.g. +13125550199) or a sip: URI');
const seconds = z.number().min(0).max(86_400);
const varValue = z.union([z.string(), z.number(), z.boolean()]);

const jobExpectation = z.union([
  z.string().min(1).transform((op) => ({ op, with: undefined as Record<string, unknown> | undefined, delay: undefined as number | undefined })),
  z
    .strictObject({
      op: z.string().min(1),
      with: z.record(z.string(), z.unknown()).optional(),
      /** Seconds the job is delayed by (`job: { delay: 5m }` is 300). */
      delay: seconds.optional(),
    })
    .transform((j) => ({ op: j.op, with: j.with, delay: j.delay })),
]);

const notifyExpectation = z.union([
  z.string().min(1).transform((event) => ({ event, with: undefined as Record<string, unknown> | undefined, url: undefined as string | undefined })),
  z
    .strictObject({
      /** The payload's `event`: the hook's event type (call.completed) or the notify job's own event. */
      event: z.string().min(1),
      /** A subset of the JSON body. */
      with: z.record(z.string(), z.unknown()).optional(),
      /** Where it would have gone (the hook's url; NOTIFY_URL when it names none). */
      url: z.string().min(1).optional(),
    })
    .transform((n) => ({ event: n.event, with: n.with, url: n.url })),
]);

export const expectationSchema = z.strictObject({
  /** Steps the call must pass through: `step` (in the scenario's flow) or `flow.step`. */
  steps: z.array(z.string().min(1)).optional(),
  /** Steps the call must not pass through. */
  not_steps: z.array(z.string().min(1)).optional(),
  /** The step where the call was when it ended. */
  last_step: z.string().min(1).optional(),
  /** Text the caller hears (a Say containing it, case-insensitive, or a Play URL containing it). */
  heard: z.array(z.string().min(1)).optional(),
  not_heard: z.array(z.string().min(1)).optional(),
  /** Jobs the flow enqueues: an op name, or { op, with } where `with` is a subset of the job's parameters. */
  jobs: z.array(jobExpectation).optional(),
  /** No job at all. */
  no_jobs: z.literal(true).optional(),
  /**
   * Notify deliveries (flow `notify` jobs and `on:` hooks), delivered to the simulator's local
   * receiver with a valid signature: an event name, or { event, with, url }.
   */
  notified: z.array(notifyExpectation).optional(),
  /** No notify at all. */
  no_notify: z.literal(true).optional(),
  ended_by: z.enum(ENDED_BY).optional(),
  status: z.enum(CALL_STATUSES).optional(),
  /** Requests the flow made: each a substring of a requested URL (`METHOD url` matches too). */
  requested: z.array(z.string().min(1)).optional(),
  /** The service answered with its fallback document at least once (otherwise a fallback fails the scenario). */
  fallback: z.boolean().optional(),
});

const callSchema = z.strictObject({
  from: e164OrSip.optional(),
  to: e164OrSip.optional(),
  /** inbound (default): someone calls the service; outbound: the service's REST call is answered. */
  direction: z.enum(['inbound', 'outbound']).optional(),
  /** Outbound: what answering-machine detection reports (MachineDetection=Enable). */
  answered_by: z.enum(AMD_RESULTS).optional(),
  /** Outbound: sync (AnsweredBy on the voice request, default) or async (AsyncAmdStatusCallback). */
  amd: z.enum(['sync', 'async', 'off']).optional(),
  /** Outbound: does the called person answer at all. */
  answer: z.enum(ANSWER_OUTCOMES).optional(),
  ring: seconds.optional(),
  /** Flow variables, sealed into the call's voice URL as the service's own links are (the flow must declare them; ignored with route: true). */
  vars: z.record(z.string(), varValue).optional(),
  /** Route the call with routes/*.yaml (by To, From, time...) instead of naming the flow. */
  route: z.boolean().optional(),
});

const otherCallSchema = z.strictObject({
  name: z.string().optional(),
  /** Seconds after the main call starts (simulated time). */
  after: seconds.optional(),
  flow: z.string().min(1).optional(),
  from: e164OrSip.optional(),
  to: e164OrSip.optional(),
  vars: z.record(z.string(), varValue).optional(),
  route: z.boolean().optional(),
  caller: z.array(callerActionSchema).optional(),
  hangup_after: seconds.optional(),
  hangup_on_hear: z.string().min(1).optional(),
  dial: z.record(z.string().min(1), dialOutcomeSchema).optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** The flow to run; default: the flow the file is named after (or the one `simulate` names). */
  flow: z.string().min(1).optional(),
  /** The clock, as an ISO date and time with offset: calendars see this time. */
  at: z.iso.datetime({ offset: true }).optional(),
  call: callSchema.optional(),
  /** What the caller does, in order: press, say, silence, hangup, record, queue, conference. */
  caller: z.array(callerActionSchema).optional(),
  /** The caller hangs up this many seconds after the answer, wherever the call is. */
  hangup_after: seconds.optional(),
  /** The caller hangs up halfway through the first prompt containing this text. */
  hangup_on_hear: z.string().min(1).optional(),
  /** Dial outcomes by number, SIP URI or queue:NAME; `*` for any other. */
  dial: z.record(z.string().min(1), dialOutcomeSchema).optional(),
  /** What the flows' `request` actions are answered, by URL (exact, or a prefix ending in *): status, json, delay, error. */
  requests: z.record(z.string().min(1), requestStubSchema).optional(),
  /** Seconds a <Play> of a URL lasts (default 10). */
  play_seconds: seconds.optional(),
  /** Other inbound calls in the same simulation: an agent dialing the queue, a host joining. */
  others: z.array(otherCallSchema).optional(),
  expect: expectationSchema.optional(),
});

export const scenarioFileSchema = z.array(scenarioSchema).min(1, 'a scenario file is a list of at least one scenario');

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioExpectation = z.output<typeof expectationSchema>;
export type OtherCall = z.output<typeof otherCallSchema>;
export type ScenarioCallerAction = CallerAction;
export type ScenarioDialOutcome = DialOutcome;

/** Every key the schemas know, for "did you mean" hints. */
export const SCENARIO_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(scenarioSchema.shape),
  ...Object.keys(callSchema.shape),
  ...Object.keys(expectationSchema.shape),
  ...Object.keys(otherCallSchema.shape),
  'press',
  'say',
  'silence',
  'hangup',
  'record',
  'queue',
  'conference',
  'seconds',
  'transcript',
  'end',
  'result',
  'talk',
  'ring',
  'status',
  'stay',
  'confidence',
  'op',
  'with',
  'delay',
  'event',
  'url',
]);
