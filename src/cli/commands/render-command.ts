import { Command, Option } from 'commander';
import { defaultRenderParams, readableFlowLinks } from '../../flows/readable-flow-links';
import { renderFlow, resumeFlow, type RenderResult } from '../../flows/flow-interpreter';
import type { CompiledFlowSet } from '../../flows/compiled-flow';
import { callFromParameters, inputFromParameters } from '../../templates/call-context';
import { compileFlowForCommand } from './validate-command';
import { processIo, runCommand, type CliIo } from '../cli-io';

interface RenderOptions {
  step?: string;
  param: string[];
  input: string[];
  var: string[];
  event?: string;
  at?: string;
  dir: string[];
  format: 'texml' | 'json';
  raw?: boolean;
}

/** Runs `render` with the arguments after the command name; resolves to the exit code. */
export function runRender(args: readonly string[], io: CliIo): Promise<number> {
  return runCommand((setExitCode) => createRenderCommand(io, setExitCode), args);
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function createRenderCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('render')
    .description('print the TeXML a flow step renders (with --input: what the call gets after that input)')
    .argument('<flow>', 'the flow name')
    .option('--step <name>', "the step (default: the flow's start)")
    .option('--param <Name=value>', 'a request parameter as Telnyx sends it, e.g. From=+13125550123 (repeatable)', collect, [])
    .option('--input <Name=value>', 'resume the waiting action with this result, e.g. Digits=1, SpeechResult=sales, DialCallStatus=busy (repeatable)', collect, [])
    .option('--var <name=value>', 'a flow variable (repeatable)', collect, [])
    .option('--event <event>', 'resume as if Telnyx came back for this reason, e.g. no-input')
    .option('--at <iso-time>', 'the clock for calendars, e.g. 2026-03-02T10:00:00-06:00 (default: now)')
    .option('--dir <path>', 'project directory, or flows and routes directories (repeatable; default: ./flows and ./routes)', collect, [])
    .addOption(new Option('--format <format>', 'texml or json').choices(['texml', 'json']).default('texml'))
    .option('--raw', 'print the document exactly as served (default: indented)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (flow: string, options: RenderOptions) => {
      setExitCode(await render(flow, options, io));
    });
}

async function render(flowName: string, options: RenderOptions, io: CliIo): Promise<number> {
  const fail = (message: string, code = 2) => {
    io.err(`texml-router render: ${message}\n`);
    return code;
  };
  let pairs: { params: Record<string, string>; input: Record<string, string>; vars: Record<string, string> };
  try {
    pairs = { params: parsePairs(options.param, '--param'), input: parsePairs(options.input, '--input'), vars: parsePairs(options.var, '--var') };
  } catch (error) {
    return fail((error as Error).message);
  }
  const now = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(now.getTime())) return fail(`--at: not a date and time: ${options.at}`);

  const found = await compileFlowForCommand('render', flowName, options.dir, io, now);
  if (typeof found === 'number') return found;
  const { set, flow } = found;
  if (options.step !== undefined && !flow.steps.has(options.step)) {
    return fail(`unknown step '${options.step}' in flow '${flowName}' (steps: ${[...flow.steps.keys()].join(', ')})`);
  }

  const links = readableFlowLinks();
  const call = callFromParameters({ ...defaultRenderParams, ...pairs.params });
  // A queue's wait step is served as the Enqueue's waitUrl: print it as Telnyx gets it there.
  const stepName = options.step ?? flow.start;
  const waitOf = enqueueWaitingOn(set, flowName, stepName);
  let result: RenderResult = renderFlow(set, { flow: flowName, step: stepName, vars: pairs.vars }, { call, input: {}, now, links, ...(waitOf ? { queueWait: true } : {}) });
  if (Object.keys(pairs.input).length > 0 || options.event !== undefined) {
    if (!result.waitingAt) return fail(`step '${stepName}' does not wait for the caller (it ends with ${result.ending}), so --input and --event do not apply`);
    result = resumeFlow(set, result.waitingAt, {
      call,
      input: inputFromParameters(pairs.input),
      // The action request as Telnyx sends it: an http_request's mapped fields arrive by name.
      parameters: { ...defaultRenderParams, ...pairs.params, ...pairs.input },
      now,
      links,
      ...(options.event !== undefined ? { event: options.event } : {}),
      ...(result.waitingAt.queueWait ? { queueWait: true } : {}),
    });
  }

  if (options.format === 'json') {
    io.out(`${JSON.stringify({ texml: result.texml, ending: result.ending, trail: result.trail, waitingAt: result.waitingAt, jobs: result.jobs, fallbackReason: result.fallbackReason }, null, 2)}\n`);
  } else {
    io.out(`${options.raw ? result.texml : indentXml(result.texml)}\n`);
    if (waitOf) io.err(`# the wait step of ${waitOf} (its waitUrl document: Telnyx plays it again and again, no end-of-step Hangup)\n`);
    io.err(`# steps: ${result.trail.join(' -> ') || '(none)'}\n`);
    io.err(`# ends: ${describeEnding(result)}\n`);
    for (const job of result.jobs) io.err(`# job: ${JSON.stringify(job)}\n`);
  }
  return 0;
}

/** The enqueue (as `flow.step`) whose wait step this is, if any. */
function enqueueWaitingOn(set: CompiledFlowSet, flowName: string, stepName: string): string | undefined {
  for (const flow of set.flows.values()) {
    for (const step of flow.steps.values()) {
      for (const action of step.actions) {
        if (action.kind === 'enqueue' && action.wait && (action.wait.flow ?? flow.name) === flowName && action.wait.step === stepName) return `${flow.name}.${step.name}`;
      }
    }
  }
  return undefined;
}

function describeEnding(result: RenderResult): string {
  if (result.ending === 'wait' && result.waitingAt) {
    const at = result.waitingAt;
    return `waits at ${at.flow}.${at.step}, action ${at.action} (${at.kind ?? 'waiting'}); add --input Name=value to continue`;
  }
  if (result.ending === 'fallback') return `fallback (${result.fallbackReason ?? 'unknown reason'})`;
  return result.ending;
}

function parsePairs(values: readonly string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new Error(`${option} ${value}: expected Name=value`);
    out[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return out;
}

/** Indents builder output for reading: an element holding only text stays on one line. */
export function indentXml(xml: string): string {
  const tokens = xml.match(/<(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const pad = '  '.repeat(depth);
    if (token.startsWith('<?') || token.endsWith('/>')) {
      lines.push(pad + token);
    } else if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push('  '.repeat(depth) + token);
    } else if (token.startsWith('<')) {
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        lines.push(pad + token + text + close);
        i += 2;
      } else {
        lines.push(pad + token);
        depth++;
      }
    } else {
      lines.push(pad + token);
    }
  }
  return lines.join('\n');
}

export function registerRenderCommand(program: Command): void {
  program.addCommand(createRenderCommand(processIo, (code) => (process.exitCode = code)));
}
