import { AppError } from '../errors/app-error';

export interface TexmlErrorDetails {
  /** The verb or noun at fault (an unknown name is reported as given). */
  verb: string;
  /** The attribute at fault, when the problem is an attribute. */
  attribute?: string;
  /** What would have been accepted (values, attribute names, parents or children). */
  allowed?: readonly string[];
  /** Where in the document, e.g. `Response > Gather[1] > Dial[0]`. */
  path?: string;
}

/**
 * A TeXML document that cannot be built: unknown verb or attribute, bad value, illegal nesting,
 * or a character XML 1.0 cannot carry. Flows are compiled at load time, so this normally surfaces
 * as a flow error before any call; hence operational, not a crash.
 */
export class TexmlError extends AppError {
  readonly verb: string;
  readonly attribute: string | undefined;
  readonly allowed: readonly string[] | undefined;
  readonly path: string | undefined;

  constructor(message: string, details: TexmlErrorDetails) {
    super('TEXML_INVALID', message, { httpStatus: 500, isOperational: true });
    this.verb = details.verb;
    this.attribute = details.attribute;
    this.allowed = details.allowed;
    this.path = details.path;
  }
}
