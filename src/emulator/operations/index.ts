import { accountOperations } from './account-operations';
import { applicationOperations } from './application-operations';
import { callMediaOperations } from './call-media-operations';
import { callOperations } from './call-operations';
import { conferenceOperations } from './conference-operations';
import type { EmulatorOperation } from './emulator-operation';

/** Every REST operation the emulator serves under /v2. */
export const emulatorOperations: readonly EmulatorOperation[] = [
  ...callOperations,
  ...callMediaOperations,
  ...conferenceOperations,
  ...accountOperations,
  ...applicationOperations,
];

export { OperationTable, type OperationMatch } from './operation-table';
export type { EmulatorOperation, OperationRequest, OperationResult, OperationServices } from './emulator-operation';
