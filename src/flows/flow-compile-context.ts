import { CompiledTemplate } from '../templates/compiled-template';
import type { TemplateScope } from '../templates/template-scope';
import { TemplateReferenceError } from '../templates/template-reference-error';
import { closestName } from '../source/closest-name';
import type { CompiledCalendar } from './compile-calendar';
import type { StepTarget } from './compiled-parts';
import type { FlowDiagnostic } from '../source/flow-diagnostic';
import type { SourceFile, SourcePath } from '../source/source-file';

/** A reference from one step to another, kept for the graph checks. */
export interface StepEdge {
  from: string;
  to: Required<StepTarget>;
  /** Taken in the same document, without waiting for the caller. */
  inline: boolean;
  /** The step had already added verbs to the document when it took this edge. */
  afterVerbs?: boolean;
  path: SourcePath;
}

/**
 * A gather or menu that leaves some of its input handling to the defaults. Reported once the whole
 * set is compiled: the defaults differ in a queue's wait step, and which steps those are is known
 * only then.
 */
export interface PromptDefaults {
  step: string;
  path: SourcePath;
  kind: 'gather' | 'menu';
  given: { noInput: boolean; invalid: boolean; onFail: boolean; retries: boolean };
}

/** What compiling one flow needs to know and where it reports. */
export class FlowCompileContext {
  readonly edges: StepEdge[] = [];
  /** Steps whose first action is reject, with where. */
  readonly rejectSteps = new Map<string, SourcePath>();
  /** The steps enqueue actions of this flow name as their wait step. */
  readonly waitSteps: Required<StepTarget>[] = [];
  readonly promptDefaults: PromptDefaults[] = [];
  /** Where `every` actions stand: they only work in a queue's wait step. */
  readonly everySites: { step: string; path: SourcePath }[] = [];

  constructor(
    readonly source: SourceFile,
    readonly flowName: string,
    readonly flowSteps: ReadonlyMap<string, ReadonlySet<string>>,
    readonly flowStarts: ReadonlyMap<string, string>,
    readonly scope: TemplateScope,
    readonly calendars: ReadonlyMap<string, CompiledCalendar>,
    readonly queues: ReadonlySet<string>,
    readonly defaultVoice: { voice?: string; language?: string },
    private readonly diagnostics: FlowDiagnostic[],
    /** Flows whose files failed to parse: references into them are not checked (their errors are reported). */
    private readonly uncheckedFlows: ReadonlySet<string> = new Set(),
    /** Hosts a `request` may call: the flow's `request.allow` and REQUEST_ALLOWED_HOSTS (host, host:port or *.domain). */
    readonly requestHosts: readonly string[] = [],
  ) {}

  /** The same context with another template scope (hooks may read event.*). */
  withScope(scope: TemplateScope): FlowCompileContext {
    return new FlowCompileContext(this.source, this.flowName, this.flowSteps, this.flowStarts, scope, this.calendars, this.queues, this.defaultVoice, this.diagnostics, this.uncheckedFlows, this.requestHosts);
  }

  report(path: SourcePath, severity: FlowDiagnostic['severity'], message: string, hint?: string, key = false): void {
    this.diagnostics.push(this.source.diagnostic(path, severity, message, hint, key));
  }

  /** Compiles a template, reporting a bad reference at `path`; returns a static empty one then. */
  template(text: string, path: SourcePath): CompiledTemplate {
    try {
      return new CompiledTemplate(text, this.scope);
    } catch (error) {
      if (!(error instanceof TemplateReferenceError)) throw error;
      for (const problem of [error, ...error.more]) {
        const at = problem.offset === undefined ? this.source.positionOf(path) : this.source.positionInValue(path, problem.offset);
        this.diagnostics.push({ file: this.source.path, ...at, severity: 'error', message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) });
      }
      // A stand-in with text, so the verb holding it reports nothing more.
      return new CompiledTemplate('?', this.scope);
    }
  }

  /** A static string when the template has no tags (prebuilt into the XML), else the template. */
  value(text: string, path: SourcePath): string | CompiledTemplate {
    const compiled = this.template(text, path);
    return compiled.staticText ?? compiled;
  }

  /** Resolves a step (in this flow, or another flow's) and records the edge. */
  target(from: string, step: string | undefined, path: SourcePath, inline: boolean, flow?: string): StepTarget {
    const flowName = flow ?? this.flowName;
    if (this.uncheckedFlows.has(flowName) && !this.flowSteps.has(flowName)) return { flow: flowName, step: step ?? 'start' };
    const steps = this.flowSteps.get(flowName);
    if (!steps) {
      const suggestion = closestName(flowName, this.flowSteps.keys());
      this.report(path, 'error', `step '${from}' in flow '${this.flowName}' goes to unknown flow '${flowName}'`, suggestion ? `did you mean '${suggestion}'?` : `flows are ${[...this.flowSteps.keys()].join(', ')}`);
      return { step: step ?? 'start' };
    }
    const stepName = step ?? this.flowStarts.get(flowName);
    if (stepName === undefined) return { flow: flowName, step: 'start' }; // that flow's start failed the schema (reported)
    if (!steps.has(stepName)) {
      const suggestion = closestName(stepName, steps);
      const where = flow && flow !== this.flowName ? ` of flow '${flowName}'` : '';
      this.report(
        path,
        'error',
        `step '${from}' in flow '${this.flowName}' goes to unknown step '${stepName}'${where}`,
        suggestion ? `did you mean '${suggestion}'?` : `steps are ${[...steps].join(', ')}`,
      );
    } else {
      this.edges.push({ from, to: { flow: flowName, step: stepName }, inline, path });
    }
    return flowName === this.flowName ? { step: stepName } : { flow: flowName, step: stepName };
  }
}
