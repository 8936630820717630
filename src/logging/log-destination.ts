import pino, { type DestinationStream } from 'pino';
import { TurnBufferedDestination } from './turn-buffered-destination';

/**
 * Where the service's JSON lines go (stdout unless `dest` names another file or descriptor):
 * asynchronous, and the lines of one turn of the event loop written together (see
 * TurnBufferedDestination for what a crash can lose).
 */
export function createLogDestination(dest: string | number = 1): DestinationStream {
  return new TurnBufferedDestination(pino.destination({ dest, sync: false }));
}
