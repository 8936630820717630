import { AppError } from '../errors/app-error';
import { formatDiagnostic, type FlowDiagnostic } from '../source/flow-diagnostic';

/** A flow set that cannot be loaded: every error, each with its file:line:col. */
export class FlowLoadError extends AppError {
  readonly diagnostics: FlowDiagnostic[];

  constructor(diagnostics: FlowDiagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super('FLOW_INVALID', `${errors.length} error(s) in flows:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.diagnostics = diagnostics;
  }
}
