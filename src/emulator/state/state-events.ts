import type { EventEmitter } from 'node:events';
import type { EmulatorEvents } from '../emulator-models';

/** Where a store announces its changes: the EmulatorState that tests and the player listen to. */
export type StateEvents = Pick<EventEmitter<EmulatorEvents>, 'emit'>;
