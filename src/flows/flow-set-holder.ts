import { watch, type FSWatcher } from 'node:fs';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { CompiledFlowSet } from './compiled-flow';
import type { CompileOptions, CompileOutcome } from './compile-flow-set';
import { formatDiagnostic, type FlowDiagnostic } from '../source/flow-diagnostic';
import { loadFlowSet, type FlowDirectories } from './load-flow-set';

export interface FlowSetSource {
  readonly current: CompiledFlowSet | undefined;
}

export interface LoadReport {
  at: Date;
  ok: boolean;
  version?: string;
  errors: string[];
}

/**
 * Holds the compiled flow set the service answers with. A reload swaps in a new set only when all
 * of it is valid; otherwise the last good set keeps serving and the errors are logged.
 */
export class FlowSetHolder extends EventEmitter implements FlowSetSource {
  private set: CompiledFlowSet | undefined;
  private report: LoadReport | undefined;
  private watchers: FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private loading: Promise<CompileOutcome> | undefined;
  private pending = false;

  constructor(
    private readonly dirs: FlowDirectories,
    private readonly options: CompileOptions,
    private readonly logger: Logger,
  ) {
    super();
  }

  get current(): CompiledFlowSet | undefined {
    return this.set;
  }

  get lastLoad(): LoadReport | undefined {
    return this.report;
  }

  async load(): Promise<CompileOutcome> {
    // Reloads triggered while one runs collapse into one more run after it.
    if (this.loading) {
      this.pending = true;
      return this.loading;
    }
    this.loading = this.loadOnce();
    try {
      return await this.loading;
    } finally {
      this.loading = undefined;
      if (this.pending) {
        this.pending = false;
        void this.load();
      }
    }
  }

  private async loadOnce(): Promise<CompileOutcome> {
    let outcome: CompileOutcome;
    try {
      outcome = await loadFlowSet(this.dirs, this.options);
    } catch (error) {
      const message = `cannot read flows: ${(error as Error).message}`;
      this.report = { at: new Date(), ok: false, errors: [message] };
      this.logger.error({ err: error }, message);
      this.emit('rejected', this.report);
      return { diagnostics: [] };
    }
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
    for (const warning of outcome.diagnostics.filter((d) => d.severity === 'warning')) this.logger.warn(formatDiagnostic(warning));
    if (!outcome.set) {
      this.report = { at: new Date(), ok: false, errors: errors.map(formatDiagnostic) };
      this.logger.error(
        { errors: this.report.errors, keeping: this.set?.version ?? null },
        `flows not loaded: ${errors.length} error(s)${this.set ? `; still serving flow set ${this.set.version}` : ''}\n${this.report.errors.join('\n')}`,
      );
      this.emit('rejected', this.report);
      return outcome;
    }
    const previous = this.set?.version;
    this.set = outcome.set;
    this.report = { at: new Date(), ok: true, version: outcome.set.version, errors: [] };
    if (previous !== outcome.set.version) {
      this.logger.info({ version: outcome.set.version, previous: previous ?? null, flows: [...outcome.set.flows.keys()] }, 'flow set loaded');
    }
    this.emit('loaded', outcome.set);
    return outcome;
  }

  /** Reloads shortly after any change under the flow and route directories. */
  watch(debounceMs = 150): void {
    const onChange = () => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.load(), debounceMs);
    };
    for (const dir of [this.dirs.flowsDir, this.dirs.routesDir]) {
      try {
        const watcher = watch(dir, { persistent: false }, onChange);
        watcher.on('error', (error) => this.logger.warn({ err: error, dir }, 'flow watcher error'));
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.warn({ err: error, dir }, 'cannot watch directory for flow changes');
      }
    }
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}

export type { FlowDiagnostic };
