import { AppError } from '../errors/app-error';

/** A template names something outside the scopes a flow may read. Carries a hint for the author. */
export class TemplateReferenceError extends AppError {
  constructor(
    message: string,
    readonly hint?: string,
    /** Further problems in the same template, so an author sees every one at once. */
    readonly more: readonly TemplateReferenceError[] = [],
    /** Where in the template text the offending tag starts (unknown: the start of the text). */
    readonly offset?: number,
  ) {
    super('TEMPLATE_REFERENCE', message);
  }

  /** The same problem, placed at `offset` unless it already knows its place. */
  at(offset: number): TemplateReferenceError {
    return this.offset === undefined ? new TemplateReferenceError(this.message, this.hint, this.more, offset) : this;
  }
}
