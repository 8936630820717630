import { accountEndpoints } from './account-endpoints';
import { applicationEndpoints } from './application-endpoints';
import { callMediaEndpoints } from './call-media-endpoints';
import { callEndpoints } from './call-endpoints';
import { conferenceEndpoints } from './conference-endpoints';
import type { EmulatorEndpoint } from './emulator-endpoint';

/** Every REST operation the emulator serves under /v2. */
export const emulatorEndpoints: readonly EmulatorEndpoint[] = [
  ...callEndpoints,
  ...callMediaEndpoints,
  ...conferenceEndpoints,
  ...accountEndpoints,
  ...applicationEndpoints,
];

export { EndpointTable, type EndpointMatch } from './endpoint-table';
export type { EmulatorEndpoint, EndpointRequest, EndpointResult, EndpointServices } from './emulator-endpoint';
