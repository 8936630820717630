import { createHash } from 'node:crypto';
import { parseHostList } from '../config';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../state/state-sealer';
import { checkStateSize } from './state-size-check';
import { compileHooks } from './compile-hooks';
import type { z } from 'zod';
import { reportPromptDefaults } from './actions/prompted-input';
import type { ActionSite } from './actions/action-definition';
import { actionRegistry, bareActionValues, behaviourOf, isWaiting, variablesAssignedBy, type ActionValue } from './actions/action-registry';
import { rangeProblem } from '../calendar/day-ranges';
import { CompiledCalendar } from './compile-calendar';
import type { CompiledAction, CompiledFlow, CompiledFlowSet, CompiledStep } from './compiled-flow';
import { FlowCompileContext, type StepEdge } from './flow-compile-context';
import { sortDiagnostics, type FlowDiagnostic } from '../source/flow-diagnostic';
import { RouteTable, compileRoute, type CompiledRoute } from './route-table';
import { issuesToDiagnostics } from '../source/schema-issues';
import type { ActionInput, ActionName } from './schema/action-schemas';
import { actionListValidationSchema, flowEditorSchema, flowOutlineSchema, flowValidationSchema, validationAction } from './schema/flow-schemas';
import { keysAtPath } from '../source/keys-at-path';
import type { FlowFileInput } from './schema/flow-schema';
import { calendarSchema, routeSchema, routesFileSchema, type RouteInput, type RoutesFileInput } from './schema/routes-schema';
import { knownSchemaKeys } from './schema/known-keys';
import { SourceFile, type SourcePath } from '../source/source-file';
import { closestName } from '../source/closest-name';
import { buildStaticDocument, type FlowNode } from './texml-kit';

export interface FlowSources {
  flows: { path: string; text: string }[];
  routes: { path: string; text: string }[];
}

export interface CompileOptions {
  /** Values for env.NAME; only names a flow declares are read. */
  readEnv: (name: string) => string | undefined;
  now?: Date;
  /** The state token cap every flow's worst case must fit (default DEFAULT_MAX_TOKEN_LENGTH). */
  maxStateTokenLength?: number;
  /**
   * REQUEST_ALLOWED_HOSTS: hosts every flow's `request` may call, besides its own `request.allow`
   * (default: read through readEnv, so every command that loads flows agrees with the service).
   */
  requestAllowedHosts?: readonly string[];
}

export interface CompileOutcome {
  /** Present only when there is no error. */
  set?: CompiledFlowSet;
  diagnostics: FlowDiagnostic[];
}

const DEFAULT_FALLBACK: FlowNode[] = [
  { verb: 'Say', text: "We're sorry, something went wrong. Please call back later." },
  { verb: 'Hangup' },
];

interface ParsedFlow {
  source: SourceFile;
  input: FlowFileInput;
  /** The file had schema errors: only its valid parts were compiled (no reachability warnings). */
  partial: boolean;
  salvage?: FlowSalvage;
}

/** What was left out of a flow with schema errors, so its valid parts are checked without false alarms. */
interface FlowSalvage {
  /** For each step, the index in the file of each action kept (the others failed the schema). */
  positions: Map<string, number[]>;
  /** Steps that lost an action: the lost one may have waited, so loops through them are not reported. */
  lossySteps: Set<string>;
  /** Variables the file declares or assigns anywhere, valid or not: reading them is no new error. */
  vars: Set<string>;
  /** `start` failed the schema (reported): it is not checked against the steps. */
  startInvalid: boolean;
}

/** Parse, validate and compile every flow and routes file; every problem is reported at once. */
export function compileFlowSet(sources: FlowSources, options: CompileOptions): CompileOutcome {
  const diagnostics: FlowDiagnostic[] = [];
  const flowKeys = knownSchemaKeys();
  const configuredHosts = options.requestAllowedHosts ?? parseHostList(options.readEnv('REQUEST_ALLOWED_HOSTS'));

  // 1. Routes and shared resources.
  const resources: Required<Pick<RoutesFileInput, 'calendars' | 'secrets' | 'queues'>> & Pick<SalvagedRoutesFile, 'default' | 'routes'> = { calendars: {}, secrets: {}, queues: {} };
  const resourceOwner = new Map<string, { source: SourceFile; input: SalvagedRoutesFile }>();
  const routeFiles: { source: SourceFile; input: SalvagedRoutesFile }[] = [];
  /** A default exists but is invalid (reported): do not also report it missing. */
  let defaultBroken = false;
  for (const file of sources.routes) {
    const source = new SourceFile(file.path, file.text);
    diagnostics.push(...source.syntaxErrors);
    if (source.data === undefined) {
      if (/^default:/m.test(file.text)) defaultBroken = true;
      continue;
    }
    if (source.data === null) continue;
    const parsed = routesFileSchema.safeParse(source.data);
    let input: SalvagedRoutesFile;
    if (parsed.success) {
      input = parsed.data;
    } else {
      diagnostics.push(...issuesToDiagnostics(source, parsed.error.issues, flowKeys, (path) => keysAtPath(routesFileSchema, path, source.data)));
      // Keep what is valid, so the flows and the other routes are still checked against it.
      const salvaged = salvageRoutesFile(source.data);
      if (!salvaged) continue;
      input = salvaged.input;
      defaultBroken ||= salvaged.defaultBroken;
    }
    const entry = { source, input };
    routeFiles.push(entry);
    for (const key of ['routes', 'default', 'calendars', 'secrets', 'queues'] as const) {
      if (input[key] === undefined) continue;
      const owner = resourceOwner.get(key);
      if (owner) {
        diagnostics.push(source.diagnostic([key], 'error', `'${key}' is already defined in ${owner.source.path}`, 'keep each key of routes/ in one file', true));
        continue;
      }
      resourceOwner.set(key, entry);
      Object.assign(resources, { [key]: input[key] });
    }
  }

  const calendars = new Map<string, CompiledCalendar>();
  const calendarOwner = resourceOwner.get('calendars');
  for (const [name, input] of Object.entries(resources.calendars)) {
    try {
      calendars.set(name, new CompiledCalendar(name, input));
    } catch {
      calendars.set(name, new CompiledCalendar(name, { timezone: 'UTC', hours: {} })); // a stand-in: references stay valid
      if (calendarOwner) diagnostics.push(calendarOwner.source.diagnostic(['calendars', name, 'timezone'], 'error', `calendar '${name}' has an unknown time zone '${input.timezone}'`, 'use an IANA name such as America/Chicago or Europe/Berlin'));
    }
    for (const [day, hours] of Object.entries(input.hours)) {
      for (const range of hours === 'closed' ? [] : Array.isArray(hours) ? hours : [hours]) {
        const problem = rangeProblem(range);
        if (problem && calendarOwner) diagnostics.push(calendarOwner.source.diagnostic(['calendars', name, 'hours', day], 'error', `calendar '${name}': ${problem}`));
      }
    }
  }
  const secrets = new Map(Object.entries(resources.secrets));
  const queues = new Map(Object.entries(resources.queues).map(([name, q]) => [name, { ...(q.max_size ? { maxSize: q.max_size } : {}), ...(q.description ? { description: q.description } : {}) }]));

  // 2. Flow files: validate all, then compile with every flow's steps known.
  const parsedFlows: ParsedFlow[] = [];
  const flowFiles = new Map<string, SourceFile>();
  /** Flows named by files too broken to compile: references to them are not reported again. */
  const brokenFlows = new Set<string>();
  for (const file of sources.flows) {
    const source = new SourceFile(file.path, file.text);
    diagnostics.push(...source.syntaxErrors);
    if (source.data === undefined) {
      const name = /^flow:[ \t]*["']?([A-Za-z][A-Za-z0-9_-]*)/m.exec(file.text)?.[1];
      if (name) brokenFlows.add(name);
      continue;
    }
    const parsed = flowValidationSchema.safeParse(source.data ?? {});
    let input: FlowFileInput;
    let partial = false;
    let salvage: FlowSalvage | undefined;
    if (parsed.success) {
      input = parsed.data;
    } else {
      diagnostics.push(...issuesToDiagnostics(source, parsed.error.issues, flowKeys, (path) => keysAtPath(flowEditorSchema, path, source.data)));
      // Keep checking what is valid (targets, templates, the graph) so every problem shows at once.
      const salvaged = salvageFlow(source.data);
      if (!salvaged) {
        const name = (source.data as { flow?: unknown } | null)?.flow;
        if (typeof name === 'string') brokenFlows.add(name);
        continue;
      }
      ({ input, salvage } = salvaged);
      partial = true;
    }
    const previous = flowFiles.get(input.flow);
    if (previous) {
      diagnostics.push(source.diagnostic(['flow'], 'error', `flow '${input.flow}' is already defined in ${previous.path}`, 'flow names are unique across flows/'));
      continue;
    }
    flowFiles.set(input.flow, source);
    parsedFlows.push({ source, input, partial, ...(salvage ? { salvage } : {}) });
  }

  const flowSteps = new Map(parsedFlows.map((f) => [f.input.flow, new Set(Object.keys(f.input.steps))]));
  // A start that failed the schema is unknown: a redirect to that flow without a step is not checked.
  const flowStarts = new Map(parsedFlows.filter((f) => !f.salvage?.startInvalid).map((f) => [f.input.flow, f.input.start]));
  const flows = new Map<string, CompiledFlow>();
  const allEdges: StepEdge[] = [];
  const contexts = new Map<string, FlowCompileContext>();

  // Entry points: flows a route names, or marked `entry: true` (an unsealed ?flow= may start only these).
  const routed = new Set([...(resources.routes ?? []).flatMap((route) => (route ? [route.flow] : [])), ...(resources.default ? [resources.default.flow] : [])]);
  for (const { source, input, salvage } of parsedFlows) {
    if (!salvage?.startInvalid && !flowSteps.get(input.flow)!.has(input.start)) {
      const suggestion = closestName(input.start, flowSteps.get(input.flow)!);
      diagnostics.push(source.diagnostic(['start'], 'error', `flow '${input.flow}' starts at unknown step '${input.start}'`, suggestion ? `did you mean '${suggestion}'?` : undefined));
    }
    const env: Record<string, string> = {};
    for (const [i, name] of (input.env ?? []).entries()) {
      const value = options.readEnv(name);
      if (value === undefined) diagnostics.push(source.diagnostic(['env', i], 'warning', `environment variable ${name} is not set; env.${name} renders empty`));
      env[name] = value ?? '';
    }
    const ctx = new FlowCompileContext(
      source,
      input.flow,
      flowSteps,
      flowStarts,
      { vars: new Set([...declaredVars(input), ...(salvage?.vars ?? [])]), env: new Set(input.env ?? []), secrets: new Set(secrets.keys()) },
      calendars,
      new Set(queues.keys()),
      input.voice ?? {},
      diagnostics,
      brokenFlows,
      [...(input.request?.allow ?? []), ...configuredHosts],
    );
    contexts.set(input.flow, ctx);
    const steps = new Map<string, CompiledStep>();
    for (const [stepName, actions] of Object.entries(input.steps)) {
      steps.set(stepName, { name: stepName, actions: compileStep(stepName, actions, ['steps', stepName], ctx, salvage?.positions.get(stepName)) });
    }
    let fallback = buildStaticDocument(DEFAULT_FALLBACK);
    if (input.fallback) {
      const nodes = fallbackNodes(input.fallback, ctx);
      if (nodes) fallback = nodes;
    }
    const size = checkStateSize(input, env, options.maxStateTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH);
    if (size.worstTokenLength > size.maxTokenLength) {
      const largest = size.bounds.slice(0, 3).map(([name, bound]) => `${name} (up to ${bound} characters)`).join(', ');
      diagnostics.push(
        source.diagnostic(
          ['flow'],
          'error',
          `flow '${input.flow}' could carry a ${size.worstTokenLength}-character state token in its action URLs (max ${size.maxTokenLength})`,
          `the largest variables are ${largest}; keep fewer or shorter values in vars`,
        ),
      );
    }
    allEdges.push(...ctx.edges.map((e) => ({ ...e, from: `${input.flow}.${e.from}` })));
    flows.set(input.flow, {
      name: input.flow,
      file: source.path,
      version: createHash('sha256').update(source.text).digest('base64url').slice(0, 12),
      start: input.start,
      steps,
      vars: { ...(input.vars ?? {}) },
      declaredVars: declaredVars(input),
      entry: input.entry === true || routed.has(input.flow),
      env,
      fallback,
      hooks: compileHooks(input.on, ctx),
    });
  }

  // 3. Graph checks over all flows at once (redirects cross flows).
  const lossySteps = new Set(parsedFlows.flatMap((f) => [...(f.salvage?.lossySteps ?? [])].map((step) => `${f.input.flow}.${step}`)));
  checkGraph(parsedFlows, contexts, allEdges, diagnostics, lossySteps);
  checkPromptDefaults(parsedFlows, contexts, allEdges, flows);

  // 4. Routes: every rule names an existing flow; a default is required.
  const compiledRoutes: CompiledRoute[] = [];
  const routesOwner = resourceOwner.get('routes');
  const checkFlow = (flow: string, source: SourceFile, path: SourcePath) => {
    if (flows.has(flow) || flowFiles.has(flow) || brokenFlows.has(flow)) return;
    const suggestion = closestName(flow, flowFiles.keys());
    diagnostics.push(source.diagnostic(path, 'error', `route goes to unknown flow '${flow}'`, suggestion ? `did you mean '${suggestion}'?` : `flows are ${[...flowFiles.keys()].join(', ') || '(none)'}`));
  };
  for (const [i, route] of (resources.routes ?? []).entries()) {
    if (!route) continue; // invalid, reported
    const source = routesOwner!.source;
    checkFlow(route.flow, source, ['routes', i, 'flow']);
    const match = route.match;
    if (Object.keys(match).length === 0) diagnostics.push(source.diagnostic(['routes', i, 'match'], 'warning', 'route matches every call; rules after it never match', 'use default: for the catch-all'));
    let calendar: { calendar: CompiledCalendar; open: boolean } | undefined;
    if (match.calendar) {
      const name = 'open' in match.calendar ? match.calendar.open : match.calendar.closed;
      const found = calendars.get(name);
      if (!found) diagnostics.push(source.diagnostic(['routes', i, 'match', 'calendar'], 'error', `unknown calendar '${name}'`, closestName(name, calendars.keys()) ? `did you mean '${closestName(name, calendars.keys())}'?` : 'declare it under calendars:'));
      else calendar = { calendar: found, open: 'open' in match.calendar };
    }
    checkRouteVars(route.vars, route.flow, parsedFlows, source, ['routes', i, 'vars'], diagnostics);
    const list = <T>(v: T | T[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    compiledRoutes.push(
      compileRoute({
        name: route.name ?? `routes[${i}]`,
        flow: route.flow,
        vars: route.vars ?? {},
        to: list(match.to),
        from: list(match.from),
        fromPrefix: list(match.from_prefix),
        connectionId: list(match.connection_id),
        calendar,
      }),
    );
  }
  const defaultOwner = resourceOwner.get('default');
  if (!resources.default) {
    if (defaultBroken) return finish(diagnostics);
    const place = routeFiles[0]?.source ?? new SourceFile(sources.routes[0]?.path ?? 'routes/routes.yaml', '');
    diagnostics.push(place.diagnostic([], 'error', 'no default route: calls that match no rule would have nowhere to go', "add 'default: { flow: NAME }' to a file in routes/"));
  } else {
    checkFlow(resources.default.flow, defaultOwner!.source, ['default', 'flow']);
    checkRouteVars(resources.default.vars, resources.default.flow, parsedFlows, defaultOwner!.source, ['default', 'vars'], diagnostics);
  }

  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.severity === 'error')) return { diagnostics: sorted };
  if (!resources.default) return finish(diagnostics);
  const version = createHash('sha256');
  for (const file of [...sources.flows, ...sources.routes].sort((a, b) => a.path.localeCompare(b.path))) version.update(file.path).update('\0').update(file.text).update('\0');
  return {
    diagnostics: sorted,
    set: {
      version: version.digest('base64url').slice(0, 12),
      flows,
      routes: new RouteTable(compiledRoutes, { flow: resources.default!.flow, vars: resources.default!.vars ?? {} }),
      calendars,
      secrets,
      queues,
      fallback: buildStaticDocument(DEFAULT_FALLBACK),
      loadedAt: options.now ?? new Date(),
    },
  };
}

function finish(diagnostics: FlowDiagnostic[]): CompileOutcome {
  return { diagnostics: sortDiagnostics(diagnostics) };
}

/** A routes file with invalid entries left out (`routes` keeps their places, for positions). */
interface SalvagedRoutesFile extends Omit<RoutesFileInput, 'routes'> {
  routes?: (RouteInput | undefined)[];
}

/**
 * The valid parts of a routes file that failed validation (its errors are already reported).
 * Invalid calendars, secrets and queues stay declared, so references to them are not reported twice.
 */
function salvageRoutesFile(data: unknown): { input: SalvagedRoutesFile; defaultBroken: boolean } | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const raw = data as Record<string, unknown>;
  const input: SalvagedRoutesFile = {};
  const entries = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : []);
  if (Array.isArray(raw.routes)) input.routes = raw.routes.map((route) => routeSchema.safeParse(route).data);
  const defaultRoute = routesFileSchema.shape.default.safeParse(raw.default);
  if (defaultRoute.success && defaultRoute.data) input.default = defaultRoute.data;
  if (raw.calendars !== undefined) {
    input.calendars = Object.fromEntries(entries(raw.calendars).map(([name, c]) => [name, calendarSchema.safeParse(c).data ?? { timezone: 'UTC', hours: {} }]));
  }
  if (raw.secrets !== undefined) input.secrets = Object.fromEntries(entries(raw.secrets).map(([name]) => [name, { env: 'UNSET' }]));
  if (raw.queues !== undefined) input.queues = Object.fromEntries(entries(raw.queues).map(([name]) => [name, {}]));
  return { input, defaultBroken: raw.default !== undefined && !defaultRoute.success };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The valid parts of a flow file that failed validation (its errors are already reported): every
 * top-level key on its own, every step by name (even one whose actions are all invalid), and
 * every action that is valid, or becomes valid once its unknown keys are left out.
 */
function salvageFlow(data: unknown): { input: FlowFileInput; salvage: FlowSalvage } | undefined {
  // Without a name or a map of steps there is nothing to check references against.
  if (!isRecord(data) || typeof data.flow !== 'string' || !isRecord(data.steps)) return undefined;
  const shape = flowOutlineSchema.shape;
  const steps: Record<string, ActionInput[]> = {};
  const positions = new Map<string, number[]>();
  const lossySteps = new Set<string>();
  const vars = new Set<string>(isRecord(data.vars) ? Object.keys(data.vars) : []);
  for (const [name, list] of Object.entries(data.steps)) {
    steps[name] = [];
    positions.set(name, []);
    if (!Array.isArray(list)) {
      if (list !== null) lossySteps.add(name);
      continue;
    }
    list.forEach((raw: unknown, i) => {
      variablesAssignedBy(raw).forEach(({ name }) => vars.add(name));
      const action = salvageAction(raw);
      if (action === undefined) {
        lossySteps.add(name);
        return;
      }
      steps[name]!.push(action);
      positions.get(name)!.push(i);
    });
  }
  const start = shape.start.safeParse(data.start);
  const env = shape.env.safeParse(data.env);
  const fallback = actionListValidationSchema.safeParse(data.fallback);
  const input: FlowFileInput = {
    flow: data.flow,
    start: start.success ? start.data : '',
    steps,
    ...(shape.entry.safeParse(data.entry).data ? { entry: true } : {}),
    env: env.success ? env.data : Array.isArray(data.env) ? data.env.filter((e): e is string => typeof e === 'string') : undefined,
    vars: shape.vars.safeParse(data.vars).data,
    voice: shape.voice.safeParse(data.voice).data,
    request: shape.request.safeParse(data.request).data,
    fallback: data.fallback === undefined || !fallback.success ? undefined : fallback.data,
    on: shape.on.safeParse(data.on).data,
  };
  return { input, salvage: { positions, lossySteps, vars, startInvalid: !start.success } };
}

/** An action as validated, or with its unknown keys left out when that is all that is wrong. */
function salvageAction(raw: unknown): ActionInput | undefined {
  const parsed = validationAction.safeParse(raw);
  if (parsed.success) return parsed.data;
  const unknownKeys = parsed.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
  if (unknownKeys.length === 0 || unknownKeys.length !== parsed.error.issues.length) return undefined;
  const copy = structuredClone(raw);
  for (const issue of unknownKeys) {
    let node: unknown = copy;
    for (const segment of issue.path) node = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment as PropertyKey] : undefined;
    if (isRecord(node)) for (const key of issue.keys) delete node[key];
  }
  const retried = validationAction.safeParse(copy);
  return retried.success ? retried.data : undefined;
}

/** `positions`: where each action stands in the file when some were left out (schema errors). */
function compileStep(stepName: string, actions: ActionInput[], path: SourcePath, ctx: FlowCompileContext, positions?: readonly number[]): CompiledAction[] {
  const compiled: CompiledAction[] = [];
  let afterWait = false;
  let emitted = false;
  let ended = false;
  actions.forEach((action, kept) => {
    const index = positions?.[kept] ?? kept;
    const actionPath = [...path, index];
    const [name, value] = typeof action === 'string' ? [action as ActionName, bareActionValues.get(action)] : (Object.entries(action)[0] as [ActionName, unknown]);
    if (ended) {
      ctx.report(actionPath, 'warning', `action '${name}' in step '${stepName}' never runs: the step ends before it`, 'remove it or move it before the action that ends the step');
    }
    const site: ActionSite = { step: stepName, path: typeof action === 'string' ? actionPath : [...actionPath, name], afterWait, index };
    const compile = actionRegistry[name].compile as (value: ActionValue<ActionName>, site: ActionSite, ctx: FlowCompileContext) => CompiledAction | undefined;
    const edgesBefore = ctx.edges.length;
    const result = compile(value as ActionValue<ActionName>, site, ctx);
    for (const edge of ctx.edges.slice(edgesBefore)) edge.afterVerbs = emitted || afterWait;
    if (!result) return;
    compiled.push(result);
    if (isWaiting(result)) afterWait = true;
    if (result.kind === 'emit') emitted = true;
    // Whether or not the step waited before it, nothing after these runs.
    const behaviour = behaviourOf(result);
    if (behaviour.inline?.endsStep?.(result)) ended = true;
  });
  return compiled;
}

function declaredVars(input: FlowFileInput): Set<string> {
  const vars = new Set(Object.keys(input.vars ?? {}));
  for (const actions of Object.values(input.steps)) for (const action of actions) for (const { name } of variablesAssignedBy(action)) vars.add(name);
  return vars;
}

function fallbackNodes(actions: ActionInput[], ctx: FlowCompileContext): string | undefined {
  const nodes: FlowNode[] = [];
  for (const [i, action] of actions.entries()) {
    const path: SourcePath = ['fallback', i];
    if (action === 'hangup') nodes.push({ verb: 'Hangup' });
    else if (typeof action === 'object' && typeof action.say === 'string') nodes.push({ verb: 'Say', text: action.say, attributes: { voice: ctx.defaultVoice.voice, language: ctx.defaultVoice.language } });
    else if (typeof action === 'object' && typeof action.play === 'string') nodes.push({ verb: 'Play', text: action.play });
    else if (typeof action === 'object' && typeof action.pause === 'number') nodes.push({ verb: 'Pause', attributes: { length: action.pause } });
    else {
      ctx.report(path, 'error', 'fallback may hold plain say, play, pause and hangup only', 'it is served when the flow itself cannot run, so it cannot use templates or steps');
      return undefined;
    }
  }
  if (nodes.some((n) => typeof n.text === 'string' && n.text.includes('{{'))) {
    ctx.report(['fallback'], 'error', 'fallback cannot use templates');
    return undefined;
  }
  return buildStaticDocument(nodes);
}

function checkRouteVars(vars: Record<string, unknown> | undefined, flow: string, parsed: ParsedFlow[], source: SourceFile, path: SourcePath, diagnostics: FlowDiagnostic[]): void {
  const target = parsed.find((f) => f.input.flow === flow);
  if (!vars || !target) return;
  const declared = new Set([...declaredVars(target.input), ...(target.salvage?.vars ?? [])]);
  for (const name of Object.keys(vars)) {
    if (!declared.has(name)) diagnostics.push(source.diagnostic([...path, name], 'warning', `route sets variable '${name}' that flow '${flow}' never reads or declares`, `declare it under vars: in ${target.source.path}`, true));
  }
}

/**
 * Which steps run in a queue's wait context (a wait step and every step it leads to) and which
 * outside it, then the defaults warning of each gather and menu for where it stands.
 */
function checkPromptDefaults(parsed: ParsedFlow[], contexts: Map<string, FlowCompileContext>, edges: StepEdge[], flows: ReadonlyMap<string, CompiledFlow>): void {
  const key = (flow: string, step: string) => `${flow}.${step}`;
  const waitTargets = new Set([...contexts.values()].flatMap((ctx) => ctx.waitSteps.map((t) => key(t.flow, t.step))));
  const closure = (starts: string[], skip: (edge: StepEdge) => boolean) => {
    const outgoing = new Map<string, StepEdge[]>();
    for (const edge of edges) if (!skip(edge)) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const edge of outgoing.get(node) ?? []) stack.push(key(edge.to.flow, edge.to.step));
    }
    return seen;
  };
  const isWaitEdge = (edge: StepEdge) => edge.path.at(-1) === 'wait' && edge.path.at(-2) === 'enqueue';
  const waiting = closure([...waitTargets], () => false);
  const elsewhere = closure(parsed.map((f) => key(f.input.flow, f.input.start)), isWaitEdge);
  for (const [flow, ctx] of contexts) {
    for (const site of ctx.everySites) {
      if (waiting.has(key(flow, site.step))) continue;
      ctx.report(site.path, 'warning', `every in step '${site.step}' never fires: the step is not a queue's wait step (nor reached from one)`, "use it in the step an enqueue names as its wait:");
    }
    for (const entry of ctx.promptDefaults) {
      const node = key(flow, entry.step);
      reportPromptDefaults(ctx, entry, { waiting: waiting.has(node), elsewhere: waiting.has(node) && elsewhere.has(node) });
    }
    for (const step of flows.get(flow)?.steps.values() ?? []) {
      const node = key(flow, step.name);
      if (!waiting.has(node)) continue;
      const refused = [...new Set(step.actions.flatMap(verbsRefusedInWait))];
      if (refused.length === 0) continue;
      const also = elsewhere.has(node);
      ctx.report(
        ['steps', step.name],
        also ? 'warning' : 'error',
        `step '${step.name}' runs in a queue's wait${also ? ' when a wait step leads to it' : ''}, where Telnyx's waitUrl document may hold only ${WAIT_VERBS.join(', ')}, but it has ${refused.join(', ')}`,
        also ? 'give the wait its own step' : 'leave the queue first (leave), then go on in the enqueue\'s then: step',
      );
    }
  }
}

/** Enqueue page: what a waitUrl document may hold. */
const WAIT_VERBS = ['Play', 'Say', 'Gather', 'Pause', 'Hangup', 'Redirect', 'Leave'];
/** Waiting kinds that play only a Gather (and the Redirect back) in a wait. */
const WAIT_KINDS: ReadonlySet<string> = new Set(['gather', 'menu']);

/** The verbs an action would play that a waitUrl document may not hold (`<Verb>`). */
function verbsRefusedInWait(action: CompiledAction): string[] {
  if ('fragment' in action && (action.kind === 'emit' || action.kind === 'end' || action.kind === 'redirect-url')) {
    return action.fragment.template.topLevelVerbs().filter((verb) => !WAIT_VERBS.includes(verb)).map((verb) => `<${verb}>`);
  }
  return isWaiting(action) && !WAIT_KINDS.has(action.kind) ? [action.kind] : [];
}

/** `lossySteps` (flow.step): steps that lost actions to schema errors; loops through them may wait in the lost action. */
function checkGraph(parsed: ParsedFlow[], contexts: Map<string, FlowCompileContext>, edges: StepEdge[], diagnostics: FlowDiagnostic[], lossySteps: ReadonlySet<string>): void {
  const key = (flow: string, step: string) => `${flow}.${step}`;
  const outgoing = new Map<string, StepEdge[]>();
  for (const edge of edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);

  // Reachability: from every flow's start, over every edge.
  const reachable = new Set<string>();
  const stack = parsed.map((f) => key(f.input.flow, f.input.start));
  while (stack.length) {
    const node = stack.pop()!;
    if (reachable.has(node)) continue;
    reachable.add(node);
    for (const edge of outgoing.get(node) ?? []) stack.push(key(edge.to.flow, edge.to.step));
  }
  // A partly invalid flow's steps may be reached only through the actions that could not be compiled.
  // A flow with an unknown start step (reported) reaches nothing.
  for (const { source, input } of parsed.filter((f) => !f.partial && Object.hasOwn(f.input.steps, f.input.start))) {
    for (const step of Object.keys(input.steps)) {
      if (!reachable.has(key(input.flow, step))) {
        diagnostics.push(source.diagnostic(['steps', step], 'warning', `step '${step}' in flow '${input.flow}' is unreachable: no step goes to it`, 'remove it, or add a goto, branch or option that leads to it', true));
      }
    }
  }

  // Cycles over inline edges: steps that follow each other without waiting for the caller.
  const inline = new Map<string, StepEdge[]>();
  for (const edge of edges) if (edge.inline) inline.set(edge.from, [...(inline.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: StepEdge[] = [];
  const reported = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    for (const edge of inline.get(node) ?? []) {
      const next = key(edge.to.flow, edge.to.step);
      trail.push(edge);
      if (state.get(next) === 'visiting') {
        const start = trail.findIndex((e) => e.from === next);
        const cycle = trail.slice(start);
        const names = [...cycle.map((e) => e.from), next];
        const id = [...new Set(names)].sort().join(',');
        if (!reported.has(id) && !names.some((name) => lossySteps.has(name))) {
          reported.add(id);
          const first = cycle[0]!;
          const [flow] = first.from.split('.');
          contexts.get(flow!)!.report(first.path, 'error', `steps ${names.join(' -> ')} loop forever without waiting for the caller`, 'put a gather, menu, dial or record in the loop, or end it with hangup');
        }
      } else if (!state.has(next)) {
        visit(next);
      }
      trail.pop();
    }
    state.set(node, 'done');
  };
  for (const node of inline.keys()) if (!state.has(node)) visit(node);

  // Reject leaves a call unanswered only as its first verb: reachable inline from a start with
  // nothing said. Reached any other way, Telnyx hangs up the answered call instead (a warning).
  // A step may be entered after the caller heard something when an edge into it follows a wait or
  // verbs, or comes inline from such a step.
  const answered = new Set<string>();
  const queue = edges.filter((e) => !e.inline || e.afterVerbs).map((e) => key(e.to.flow, e.to.step));
  while (queue.length) {
    const node = queue.pop()!;
    if (answered.has(node)) continue;
    answered.add(node);
    for (const edge of inline.get(node) ?? []) queue.push(key(edge.to.flow, edge.to.step));
  }
  for (const [flowName, ctx] of contexts) {
    for (const [step, path] of ctx.rejectSteps) {
      if (!answered.has(key(flowName, step))) continue;
      const into = edges.filter((e) => e.to.flow === flowName && e.to.step === step);
      const fromWait = into.find((e) => !e.inline);
      const why = fromWait ? `${fromWait.from} after the call was answered` : `${(into.find((e) => e.afterVerbs) ?? into[0])!.from} after the caller already heard something`;
      ctx.report(path, 'warning', `step '${step}' starts with reject but is reached from ${why}: Telnyx hangs up the answered call there (charged)`, 'reject leaves a call unanswered only as the first verb of an unanswered call; use hangup, or reach this step before anything is said');
    }
  }
}

export type { z };
