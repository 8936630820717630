import { AppError } from '../errors/app-error';
import { formatDiagnostic, type FlowDiagnostic } from '../source/flow-diagnostic';

/** A campaign file or request that cannot be used: every error, each with its file:line:col. */
export class CampaignDefinitionError extends AppError {
  readonly diagnostics: FlowDiagnostic[];

  constructor(diagnostics: FlowDiagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super('CAMPAIGN_INVALID', `${errors.length} error(s) in the campaign:\n${errors.map(formatDiagnostic).join('\n')}`, { httpStatus: 422 });
    this.diagnostics = diagnostics;
  }
}
