import { CompiledTemplate } from '../templates/compiled-template';
import { TexmlError } from '../texml/texml-error';
import { compileCondition, type CompiledCondition } from './compile-condition';
import { ConditionError } from './condition-error';
import type { CompiledAction, CompiledFragment, CompiledValue, StepTarget } from './compiled-flow';
import type { FlowCompileContext, PromptDefaults } from './flow-compile-context';
import type { ActionInput, ActionName, ActionValue } from './schema/action-schemas';
import type { ConditionInput } from './schema/condition-schema';
import type { SourcePath } from '../source/source-file';
import { prepareFragment, runtimeSlot, type FlowNode } from './texml-kit';
import { closestName } from '../source/closest-name';
import { checkJobParams } from './check-job-params';

/** Where an action sits, and whether the step has already waited for the caller before it. */
export interface ActionSite {
  step: string;
  path: SourcePath;
  /** True once an earlier action in the step waits: edges after it are not inline. */
  afterWait: boolean;
}

type ActionCompiler<N extends ActionName> = (value: ActionValue<N>, site: ActionSite, ctx: FlowCompileContext) => CompiledAction | undefined;

const DEFAULT_RETRIES = 2;
const DEFAULT_NO_INPUT = "Sorry, I didn't hear anything.";
const DEFAULT_INVALID = "Sorry, that isn't a valid choice.";

/** One compiler per action: adding an action to the language without one does not compile. */
export const actionCompilers: { [N in ActionName]: ActionCompiler<N> } = {
  say: (value, site, ctx) => emit(ctx, site, [sayNode(value, site.path, ctx)]),
  play: (value, site, ctx) => emit(ctx, site, [playNode(value, site.path, ctx)]),
  pause: (value, site, ctx) => emit(ctx, site, [{ verb: 'Pause', attributes: { length: typeof value === 'number' ? value : value.length } }]),
  gather: (value, site, ctx) => {
    const input = promptedInput(value, site, ctx, 'gather');
    if (value.min_digits && value.max_digits && value.min_digits > value.max_digits) {
      ctx.report([...site.path, 'min_digits'], 'error', `'min_digits' (${value.min_digits}) is larger than 'max_digits' (${value.max_digits})`);
    }
    let pattern: RegExp | undefined;
    if (value.pattern !== undefined) {
      try {
        pattern = new RegExp(`^(?:${value.pattern})$`, 'u');
      } catch (error) {
        ctx.report([...site.path, 'pattern'], 'error', `'pattern' is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    const attributes = {
      input: (value.input ?? ['dtmf']).join(' '),
      timeout: value.timeout,
      numDigits: value.num_digits,
      minDigits: value.min_digits,
      maxDigits: value.max_digits,
      finishOnKey: value.finish_on_key,
      speechTimeout: value.speech_timeout === 'auto' ? undefined : value.speech_timeout,
      language: value.language,
      hints: value.hints?.join(', '),
    };
    return {
      kind: 'gather',
      where: at(ctx, site.path),
      into: value.into,
      ...(pattern ? { pattern } : {}),
      ...(value.min_digits ? { minDigits: value.min_digits } : {}),
      ...(value.max_digits ? { maxDigits: value.max_digits } : {}),
      input: gatherVariants(ctx, site, attributes, input),
      ...transitions(value, site, ctx),
    };
  },
  menu: (value, site, ctx) => {
    const input = promptedInput(value, site, ctx, 'menu');
    const options = new Map<string, StepTarget>();
    const keywords: [string, StepTarget][] = [];
    for (const [key, step] of Object.entries(value.options)) {
      const target = ctx.target(site.step, step, [...site.path, 'options', key], false);
      if (/^[0-9*#]$/.test(key)) options.set(key, target);
      else keywords.push([key.toLowerCase(), target]);
    }
    const kinds = value.input ?? (keywords.length > 0 ? ['dtmf', 'speech'] : ['dtmf']);
    if (keywords.length > 0 && !kinds.includes('speech')) {
      ctx.report([...site.path, 'options'], 'warning', `menu has speech keywords (${keywords.map(([k]) => k).join(', ')}) but input does not include speech`, 'add speech to input, or remove the keywords');
    }
    if (options.size > 0 && !kinds.includes('dtmf')) {
      ctx.report([...site.path, 'options'], 'warning', 'menu has key options but input does not include dtmf', 'add dtmf to input');
    }
    const attributes = {
      input: kinds.join(' '),
      timeout: value.timeout,
      // Every key option is one key, so the menu answers on the first press.
      numDigits: options.size > 0 ? 1 : undefined,
      speechTimeout: value.speech_timeout === 'auto' ? undefined : value.speech_timeout,
      language: value.language,
      hints: [...(value.hints ?? []), ...keywords.map(([k]) => k)].join(', ') || undefined,
    };
    return {
      kind: 'menu',
      where: at(ctx, site.path),
      options,
      keywords,
      input: gatherVariants(ctx, site, attributes, input),
      ...(value.on_fail ? { onFail: ctx.target(site.step, value.on_fail, [...site.path, 'on_fail'], false) } : {}),
    };
  },
  dial: (value, site, ctx) => {
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
  record: (value, site, ctx) => {
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
  enqueue: (value, site, ctx) => {
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
  conference: (value, site, ctx) => ({
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
  every: (value, site, ctx) => {
    ctx.everySites.push({ step: site.step, path: site.path });
    return {
      kind: 'every',
      where: at(ctx, site.path),
      seconds: value.seconds,
      target: ctx.target(site.step, value.goto, [...site.path, 'goto'], !site.afterWait),
      // One per action: a wait step may offer two things at two rates.
      memory: `_every_${site.step}_${String(site.path[2] ?? 0)}`,
    };
  },
  goto: (value, site, ctx) => ({ kind: 'goto', where: at(ctx, site.path), target: ctx.target(site.step, value, site.path, !site.afterWait) }),
  redirect: (value, site, ctx) => {
    if ('url' in value) {
      return {
        kind: 'redirect-url',
        where: at(ctx, site.path),
        fragment: fragment(ctx, site.path, [{ verb: 'Redirect', text: ctx.value(value.url, [...site.path, 'url']), attributes: { method: value.method } }]),
      };
    }
    return { kind: 'goto', where: at(ctx, site.path), target: ctx.target(site.step, value.step, site.path, !site.afterWait, value.flow) };
  },
  branch: (value, site, ctx) => {
    const arms: { test: CompiledCondition; target: StepTarget }[] = [];
    let otherwise: StepTarget | undefined;
    value.forEach((arm, i) => {
      const path = [...site.path, i];
      if ('else' in arm) {
        if (i !== value.length - 1) ctx.report(path, 'error', "'else' must be the last arm of a branch");
        otherwise = ctx.target(site.step, arm.else, [...path, 'else'], !site.afterWait);
        return;
      }
      const test = condition(arm.if as ConditionInput, [...path, 'if'], ctx);
      arms.push({ test, target: ctx.target(site.step, arm.goto, [...path, 'goto'], !site.afterWait) });
    });
    return { kind: 'branch', where: at(ctx, site.path), arms, ...(otherwise ? { otherwise } : {}) };
  },
  set: (value, site, ctx) => ({
    kind: 'set',
    where: at(ctx, site.path),
    assignments: Object.entries(value).map(([name, v]) => [name, typeof v === 'string' ? ctx.template(v, [...site.path, name]) : v]),
  }),
  reject: (value, site, ctx) => end(ctx, site, 'reject', [{ verb: 'Reject', attributes: { reason: value } }]),
  hangup: (_value, site, ctx) => end(ctx, site, 'hangup', [{ verb: 'Hangup' }]),
  leave: (_value, site, ctx) => end(ctx, site, 'hangup', [{ verb: 'Leave' }]),
  start: (value, site, ctx) => {
    const [kind, params] = Object.entries(value)[0] as [string, Record<string, unknown>];
    const path = [...site.path, kind];
    const nodes: Record<string, () => FlowNode> = {
      stream: () => ({
        verb: 'Stream',
        attributes: {
          url: ctx.value(String(params.url), [...path, 'url']),
          name: params.name as string | undefined,
          track: params.track as string | undefined,
          bidirectionalMode: params.bidirectional ? 'rtp' : undefined,
          enableReconnect: params.enable_reconnect as boolean | undefined,
          statusCallback: runtimeSlot('streamCallbackUrl'),
        },
        ...parameterChildren(params.parameters as Record<string, string> | undefined, [...path, 'parameters'], ctx),
      }),
      siprec: () => ({ verb: 'Siprec', attributes: { connectorName: params.connector as string, name: params.name as string | undefined, track: params.track as string | undefined, statusCallback: runtimeSlot('siprecCallbackUrl') } }),
      transcription: () => ({ verb: 'Transcription', attributes: { language: params.language as string | undefined, transcriptionEngine: params.engine as string | undefined, transcriptionTracks: params.tracks as string | undefined, interimResults: params.interim_results as boolean | undefined, transcriptionCallback: runtimeSlot('transcriptionCallbackUrl') } }),
      recording: () => ({ verb: 'Recording', attributes: { channels: params.channels as string | undefined, format: params.format as string | undefined, track: params.track as string | undefined, recordingStatusCallback: runtimeSlot('recordingCallbackUrl') } }),
      suppression: () => ({ verb: 'Suppression', attributes: { direction: params.direction as string | undefined } }),
    };
    return emit(ctx, site, [{ verb: 'Start', children: [nodes[kind]!()] }]);
  },
  stop: (value, site, ctx) => {
    const [kind, param] = Object.entries(value)[0] as [string, unknown];
    const verb = ({ stream: 'Stream', siprec: 'Siprec', transcription: 'Transcription', suppression: 'Suppression' } as const)[kind as 'stream'];
    return emit(ctx, site, [{ verb: 'Stop', children: [{ verb, attributes: typeof param === 'string' ? { name: param } : {} }] }]);
  },
  pay: (value, site, ctx) => {
    if (value.transaction_type === 'charge' && value.charge_amount === undefined) {
      ctx.report(site.path, 'error', "pay with transaction_type: charge needs 'charge_amount'", 'the Pay page requires chargeAmount for a charge; use tokenize to store the card only');
    }
    const prompts = Object.entries(value.prompts ?? {}).map(([step, say]): FlowNode => ({ verb: 'Prompt', attributes: { for: step }, children: [sayNode(say, [...site.path, 'prompts', step], ctx)] }));
    const { children: parameters = [] } = parameterChildren(value.parameters, [...site.path, 'parameters'], ctx);
    return {
      kind: 'pay',
      where: at(ctx, site.path),
      verb: fragment(ctx, site.path, [
        {
          verb: 'Pay',
          attributes: {
            action: runtimeSlot('action'),
            paymentConnector: value.connector,
            chargeAmount: value.charge_amount === undefined ? undefined : String(value.charge_amount),
            currency: value.currency,
            transactionType: value.transaction_type,
            paymentMethod: value.payment_method,
            validCardTypes: value.valid_card_types?.join(' '),
            postalCode: value.postal_code,
            minPostalCodeLength: value.min_postal_code_length,
            description: value.description === undefined ? undefined : ctx.value(value.description, [...site.path, 'description']),
            maxAttempts: value.max_attempts,
            timeout: value.timeout,
            language: value.language,
          },
          children: [...prompts, ...parameters],
        },
      ]),
      ...transitions(value, site, ctx),
    };
  },
  ai_gather: (value, site, ctx) => {
    const children: FlowNode[] = [];
    if (value.greeting !== undefined) children.push({ verb: 'Greeting', text: ctx.value(value.greeting, [...site.path, 'greeting']) });
    if (value.voice !== undefined) children.push({ verb: 'Voice', attributes: { name: value.voice.name, voice_speed: value.voice.voice_speed, api_key_ref: value.voice.api_key_ref } });
    // The JSON Schema of what to gather, written as YAML: static, checked as a JSON object by the builder.
    children.push({ verb: 'Parameters', text: mustacheSafeJson(value.parameters) });
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
  ai_assistant: (value, site, ctx) => {
    const attributes = 'id' in value
      ? { id: value.id }
      : {
          join: ctx.value(value.join, [...site.path, 'join']),
          participantName: value.participant_name === undefined ? undefined : ctx.value(value.participant_name, [...site.path, 'participant_name']),
          participantRole: value.participant_role,
        };
    // Connect is synchronous: the next actions run when the assistant session ends.
    return emit(ctx, site, [{ verb: 'Connect', children: [{ verb: 'AIAssistant', attributes }] }]);
  },
  conversation_relay: (value, site, ctx) => {
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
    return emit(ctx, site, [{ verb: 'Connect', children: [relay] }]);
  },
  job: (value, site, ctx) => {
    checkJobParams(value.op, value.with ?? {}, [...site.path, 'with'], ctx);
    return {
      kind: 'job',
      where: at(ctx, site.path),
      job: {
        op: value.op,
        params: compileValue(value.with ?? {}, [...site.path, 'with'], ctx),
        ...(value.idempotency_key ? { idempotencyKey: ctx.template(value.idempotency_key, [...site.path, 'idempotency_key']) } : {}),
        ...(value.delay ? { delaySeconds: value.delay } : {}),
      },
    };
  },
};

function at(ctx: FlowCompileContext, path: SourcePath): string {
  const { line, column } = ctx.source.positionOf(path);
  return `${ctx.source.path}:${line}:${column}`;
}

/** Builds and validates a fragment; a TeXML rule violation is reported at the action. */
function fragment(ctx: FlowCompileContext, path: SourcePath, nodes: FlowNode[]): CompiledFragment {
  try {
    return prepareFragment(nodes);
  } catch (error) {
    if (!(error instanceof TexmlError)) throw error;
    ctx.report(path, 'error', `TeXML: ${error.message}`);
    return prepareFragment([]);
  }
}

function emit(ctx: FlowCompileContext, site: ActionSite, nodes: FlowNode[]): CompiledAction {
  return { kind: 'emit', where: at(ctx, site.path), fragment: fragment(ctx, site.path, nodes) };
}

function end(ctx: FlowCompileContext, site: ActionSite, ending: 'hangup' | 'reject', nodes: FlowNode[]): CompiledAction {
  return { kind: 'end', ending, where: at(ctx, site.path), fragment: fragment(ctx, site.path, nodes) };
}

function sayNode(value: ActionValue<'say'>, path: SourcePath, ctx: FlowCompileContext): FlowNode {
  const spec = typeof value === 'string' ? { text: value } : value;
  const textPath = typeof value === 'string' ? path : [...path, 'text'];
  return {
    verb: 'Say',
    text: ctx.value(spec.text, textPath),
    attributes: {
      voice: ('voice' in spec ? spec.voice : undefined) ?? ctx.defaultVoice.voice,
      language: ('language' in spec ? spec.language : undefined) ?? ctx.defaultVoice.language,
      loop: 'loop' in spec ? spec.loop : undefined,
    },
  };
}

function playNode(value: ActionValue<'play'>, path: SourcePath, ctx: FlowCompileContext): FlowNode {
  const spec = typeof value === 'string' ? { url: value } : value;
  return {
    verb: 'Play',
    text: ctx.value(spec.url, typeof value === 'string' ? path : [...path, 'url']),
    attributes: { loop: 'loop' in spec ? spec.loop : undefined, digits: 'digits' in spec ? spec.digits : undefined },
  };
}

/** Prompts play inside Gather, which nests Say and Play only. */
function promptNode(action: ActionInput, path: SourcePath, ctx: FlowCompileContext): FlowNode | undefined {
  if (typeof action === 'object' && 'say' in action) return sayNode(action.say as ActionValue<'say'>, [...path, 'say'], ctx);
  if (typeof action === 'object' && 'play' in action) return playNode(action.play as ActionValue<'play'>, [...path, 'play'], ctx);
  const name = typeof action === 'string' ? action : Object.keys(action)[0];
  ctx.report(path, 'error', `a prompt may hold say and play only, not '${name}'`, 'TeXML Gather nests Say and Play; put pauses in the text or as a separate step');
  return undefined;
}

/**
 * JSON that cannot form a Mustache tag, because Telnyx renders Mustache in the TeXML it runs:
 * braces inside strings become \u007b / \u007d escapes, and closing braces outside strings are
 * spaced (`} }`). The JSON means the same.
 */
function mustacheSafeJson(value: unknown): string {
  const json = JSON.stringify(value);
  let out = '';
  let inString = false;
  let escaped = false;
  for (const ch of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      out += ch === '{' ? '\\u007b' : ch === '}' ? '\\u007d' : ch;
      continue;
    }
    if (ch === '"') inString = true;
    if ((ch === '{' || ch === '}') && out.endsWith(ch)) out += ' ';
    out += ch;
  }
  return out;
}

/**
 * `<Parameter name value>` children from a `parameters:` map. Values are templates, so
 * `{{secret.NAME}}` becomes Telnyx's `{{#secret}}NAME{{/secret}}` placeholder: the secret's value
 * never passes through the service (a secret must be declared, like anywhere else).
 */
function parameterChildren(parameters: Record<string, string> | undefined, path: SourcePath, ctx: FlowCompileContext): { children?: FlowNode[] } {
  if (parameters === undefined) return {};
  return {
    children: Object.entries(parameters).map(([name, value]): FlowNode => ({ verb: 'Parameter', attributes: { name, value: ctx.value(value, [...path, name]) } })),
  };
}

function isNode(node: FlowNode | undefined): node is FlowNode {
  return node !== undefined;
}

interface PromptLists {
  prompt: FlowNode[];
  noInput: FlowNode[];
  invalid: FlowNode[];
  retries: number;
  waitRetries: number;
}

function promptedInput(
  value: { prompt?: ActionInput[]; no_input?: ActionInput[]; invalid?: ActionInput[]; retries?: number; on_fail?: string },
  site: ActionSite,
  ctx: FlowCompileContext,
  kind: 'gather' | 'menu',
): PromptLists {
  const nodes = (list: ActionInput[] | undefined, key: string) => (list ?? []).map((a, i) => promptNode(a, [...site.path, key, i], ctx)).filter(isNode);
  const given = { noInput: value.no_input !== undefined, invalid: value.invalid !== undefined, onFail: value.on_fail !== undefined, retries: value.retries !== undefined };
  if (!given.noInput || !given.invalid || !given.onFail) ctx.promptDefaults.push({ step: site.step, path: site.path, kind, given });
  const defaultSay = (text: string): FlowNode => ({ verb: 'Say', text, attributes: { voice: ctx.defaultVoice.voice, language: ctx.defaultVoice.language } });
  return {
    prompt: nodes(value.prompt, 'prompt'),
    noInput: value.no_input === undefined ? [defaultSay(DEFAULT_NO_INPUT)] : nodes(value.no_input, 'no_input'),
    invalid: value.invalid === undefined ? [defaultSay(DEFAULT_INVALID)] : nodes(value.invalid, 'invalid'),
    retries: value.retries ?? DEFAULT_RETRIES,
    waitRetries: value.retries ?? 0,
  };
}

/**
 * The warning for a gather or menu that uses defaults, saying what they do where it stands. In a
 * queue's wait step the caller must never be dropped: no input and invalid input keep them waiting
 * (the step goes on, and Telnyx plays the wait step again) and nothing is replayed unless the flow
 * writes `retries`.
 */
export function reportPromptDefaults(ctx: FlowCompileContext, entry: PromptDefaults, where: { waiting: boolean; elsewhere: boolean }): void {
  const { kind, given, step, path } = entry;
  const normal: string[] = [];
  if (!given.noInput) normal.push(`no_input: say "${DEFAULT_NO_INPUT}"`);
  if (!given.invalid) normal.push(`invalid: say "${DEFAULT_INVALID}"`);
  if (!given.onFail) normal.push(kind === 'gather' ? 'on_fail: the next action in the step' : "on_fail: the flow's fallback document");
  const normalMessage = () => `${kind} in step '${step}' has no ${normal.map((d) => d.split(':')[0]).join(', ')}; using defaults (${normal.join('; ')})`;
  if (!where.waiting) {
    ctx.report(path, 'warning', normalMessage(), 'write them out to choose what the caller hears');
    return;
  }
  // Replays use no_input/invalid only when the flow writes retries in a wait step.
  const prompts = given.retries ? normal.filter((d) => !d.startsWith('on_fail')) : [];
  if (given.onFail && prompts.length === 0 && !where.elsewhere) return;
  const parts: string[] = [];
  if (!given.onFail) parts.push('no input or an invalid answer keeps the caller waiting (the step goes on to its next action, then the wait step plays again)');
  if (prompts.length > 0) parts.push(`its replays use defaults (${prompts.join('; ')})`);
  if (!given.retries) parts.push('nothing is replayed (retries: 0 in a wait step)');
  const missing = [...(given.onFail ? [] : ['on_fail']), ...prompts.map((d) => d.split(':')[0])];
  const message = `${kind} in step '${step}' is in a queue's wait step${missing.length ? ` and has no ${missing.join(', ')}` : ''}: ${parts.join('; ')}`;
  const hint = given.onFail ? 'write no_input and invalid to choose what the caller hears' : 'write on_fail: STEP to send the caller elsewhere, and retries: N to ask again first';
  ctx.report(path, 'warning', where.elsewhere ? `${message}; where it is reached outside a queue wait, ${normalMessage().replace(/^.*?; using defaults/, 'it uses defaults')}` : message, hint);
}

/**
 * A Gather in three variants (first time, after no input, after invalid input), each followed by a
 * Redirect back to us: when the caller says nothing, TeXML falls through to the next verb.
 */
function gatherVariants(ctx: FlowCompileContext, site: ActionSite, attributes: Record<string, string | number | undefined>, lists: PromptLists) {
  const variant = (before: FlowNode[]) =>
    [
      fragment(ctx, site.path, [
        { verb: 'Gather', attributes: { action: runtimeSlot('action'), ...attributes }, children: [...before, ...lists.prompt] },
        { verb: 'Redirect', text: runtimeSlot('noInputUrl') },
      ]),
    ];
  return { prompt: variant([]), noInput: variant(lists.noInput), invalid: variant(lists.invalid), retries: lists.retries, waitRetries: lists.waitRetries };
}

function transitions(value: { then?: string; on_fail?: string }, site: ActionSite, ctx: FlowCompileContext) {
  return {
    ...(value.then ? { then: ctx.target(site.step, value.then, [...site.path, 'then'], false) } : {}),
    ...(value.on_fail ? { onFail: ctx.target(site.step, value.on_fail, [...site.path, 'on_fail'], false) } : {}),
  };
}

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

function condition(input: ConditionInput, path: SourcePath, ctx: FlowCompileContext): CompiledCondition {
  try {
    return compileCondition(input, {
      calendars: ctx.calendars,
      checkPath: (valuePath) => {
        // Reuse the template checker: a condition may read exactly what a template may.
        ctx.template(`{{${valuePath}}}`, [...path, 'value']);
      },
    });
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    let hint: string | undefined;
    if (error.unknownName !== undefined) {
      const suggestion = closestName(error.unknownName, error.candidates);
      hint = suggestion ? `did you mean '${suggestion}'?` : error.candidates.length ? `calendars are ${error.candidates.join(', ')}` : 'declare calendars under calendars: in routes/';
    }
    ctx.report(path, 'error', error.message, hint);
    return () => false;
  }
}

export function compileValue(value: unknown, path: SourcePath, ctx: FlowCompileContext): CompiledValue {
  if (typeof value === 'string') return ctx.template(value, path);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v, i) => compileValue(v, [...path, i], ctx));
  const out: Record<string, CompiledValue> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = compileValue(v, [...path, key], ctx);
  return out;
}

export { CompiledTemplate };
