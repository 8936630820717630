import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { readableFlowLinks } from '../../../src/flows/readable-flow-links';
import { compileFlowSet, type CompileOutcome, type FlowSources } from '../../../src/flows/compile-flow-set';
import type { CompiledFlowSet } from '../../../src/flows/compiled-flow';
import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import { renderFlow, resumeFlow, type RenderInputs, type RenderResult } from '../../../src/flows/flow-interpreter';
import type { FlowState } from '../../../src/state/flow-state';
import { readFlowSources } from '../../../src/flows/load-flow-set';
import { callFromParameters, inputFromParameters, type RequestParameters } from '../../../src/templates/call-context';
import { exampleDirs, examplesDir } from '../../support/examples';

export { examplesDir };
export const repoRoot = join(__dirname, '..', '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'flows');

/** Monday 2 March 2026, 10:00 in Chicago (CST): business_hours is open. */
export const OPEN = new Date('2026-03-02T16:00:00Z');
/** Sunday 1 March 2026, 10:00 in Chicago: business_hours is closed. */
export const CLOSED = new Date('2026-03-01T16:00:00Z');

export const links = readableFlowLinks();

/** The inbound call every render test answers, as Telnyx would send it. */
export const callParams: RequestParameters = {
  AccountSid: 'acct-test',
  CallSid: 'v3:test-call',
  CallSidLegacy: 'v3:test-call',
  From: '+13125550199',
  To: '+13125550100',
  CallerId: '+13125550199',
  CallingPartyType: 'pstn',
  ConnectionId: '1494404757140276705',
  CallStatus: 'in-progress',
};

/** Resources every single-file fixture and inline flow can name. */
export const sharedResources = `
calendars:
  business_hours:
    timezone: America/Chicago
    hours: { mon-fri: "09:00-17:00", sat: "10:00-14:00", sun: closed }
    holidays: ["2026-12-25"]
secrets:
  api_token: { env: API_TOKEN }
queues:
  support: {}
  sales: { max_size: 10 }
`;

/** Compiles flows given as text with the shared resources and a default route to the first flow. */
export function compileFlows(flows: Record<string, string>, options: CompileTestOptions = {}): CompileOutcome {
  const first = Object.values(flows)[0] ?? '';
  const name = /^flow:\s*(\S+)/m.exec(first)?.[1] ?? 'main';
  const sources: FlowSources = {
    flows: Object.entries(flows).map(([path, text]) => ({ path: path.includes('/') ? path : `flows/${path}`, text })),
    routes: [
      { path: 'routes/resources.yaml', text: sharedResources },
      { path: 'routes/routes.yaml', text: options.routes ?? `default: { flow: ${name} }\n` },
    ],
  };
  return compileFlowSet(sources, { readEnv: (key) => options.env?.[key], now: OPEN, ...(options.requestAllowedHosts ? { requestAllowedHosts: options.requestAllowedHosts } : {}) });
}

export interface CompileTestOptions {
  routes?: string;
  env?: Record<string, string>;
  /** REQUEST_ALLOWED_HOSTS. */
  requestAllowedHosts?: string[];
  /** Accept warnings (errors always fail). */
  allowWarnings?: boolean;
}

/** Compiles and insists on no diagnostics at all (or no errors, with allowWarnings). */
export function compileClean(flows: Record<string, string>, options: CompileTestOptions = {}): CompiledFlowSet {
  const outcome = compileFlows(flows, options);
  const lines = outcome.diagnostics.filter((d) => !options.allowWarnings || d.severity === 'error').map(formatDiagnostic);
  if (lines.length > 0 || !outcome.set) throw new Error(`expected a clean compile, got:\n${lines.join('\n')}`);
  return outcome.set;
}

/** One flow from YAML with `flow: main` prepended unless it names itself. */
export function compileFlow(yaml: string, options: CompileTestOptions = {}): CompiledFlowSet {
  const text = /^flow:/m.test(yaml) ? yaml : `flow: main\n${yaml}`;
  return compileClean({ 'flows/main.yaml': text }, options);
}

export function inputs(extra: Partial<RenderInputs> & { params?: RequestParameters; result?: RequestParameters } = {}): RenderInputs {
  const { params, result, ...rest } = extra;
  return {
    call: callFromParameters({ ...callParams, ...params }),
    input: inputFromParameters(result ?? {}),
    now: OPEN,
    links,
    ...rest,
  };
}

export function render(set: CompiledFlowSet, flow: string, step?: string, extra: Parameters<typeof inputs>[0] & { vars?: Record<string, string | number | boolean> } = {}): RenderResult {
  const { vars, ...rest } = extra;
  return renderFlow(set, { flow, ...(step ? { step } : {}), ...(vars ? { vars } : {}) }, inputs(rest));
}

/** Resumes the state a previous render waits at, with what Telnyx sent back. */
export function resume(set: CompiledFlowSet, waitingAt: FlowState | undefined, result: RequestParameters, extra: Parameters<typeof inputs>[0] = {}): RenderResult {
  if (!waitingAt) throw new Error('the render does not wait');
  return resumeFlow(set, waitingAt, inputs({ ...extra, result }));
}

/** The verbs of a document, in order, as `Verb` names (children joined with >). */
export function verbs(texml: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    if (stack.length >= 2) out.push(stack.slice(1).join('>'));
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(texml).close();
  return out;
}

/** Throws unless `texml` is well-formed XML (saxes is a strict, conforming parser). */
export function assertWellFormed(texml: string): void {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.write(texml).close();
  if (error) throw new Error(`not well-formed: ${error.message}\n${texml}`);
}

/** The example flows and routes as shipped (a copy under test/fixtures/examples: users edit flows/). */
export async function loadExamples(): Promise<{ sources: FlowSources; outcome: CompileOutcome; set: CompiledFlowSet }> {
  const sources = await readFlowSources(exampleDirs);
  const outcome = compileFlowSet(sources, { readEnv: () => undefined, now: OPEN });
  if (!outcome.set) throw new Error(outcome.diagnostics.map(formatDiagnostic).join('\n'));
  return { sources, outcome, set: outcome.set };
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** A file of the examples' copy, by its project path (`flows/main-line.yaml`). */
export function readExampleFile(path: string): string {
  return readFileSync(join(examplesDir, path), 'utf8');
}
