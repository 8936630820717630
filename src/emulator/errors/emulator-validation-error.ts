import { EmulatorApiError, type TelnyxErrorObject } from './emulator-api-error';

/** 422: one entry per invalid or missing field, each with `source.pointer` naming the field. */
export class EmulatorValidationError extends EmulatorApiError {
  constructor(errors: readonly TelnyxErrorObject[]) {
    super('EMULATOR_VALIDATION', 422, errors);
  }
}
