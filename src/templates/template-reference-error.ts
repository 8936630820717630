import { AppError } from '../errors/app-error';

/** A template names something outside the scopes a flow may read. Carries a hint for the author. */
export class TemplateReferenceError extends AppError {
  constructor(
    message: string,
    readonly hint?: string,
    /** Further problems in the same template, so an author sees every one at once. */
    readonly more: readonly TemplateReferenceError[] = [],
  ) {
    super('TEMPLATE_REFERENCE', message);
  }
}
