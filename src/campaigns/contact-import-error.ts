import { AppError } from '../errors/app-error';

/** A contact list that cannot be imported at all (no phone column, an unknown variable column...). */
export class ContactImportError extends AppError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('CONTACTS_INVALID', `line ${line}: ${message}`, { httpStatus: 422 });
  }
}
