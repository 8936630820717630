import express, { type Express } from 'express';
import { controlRouter } from './control-router';
import { createEmulatorContext, type EmulatorContext } from './emulator-context';
import { emulatorErrorMiddleware } from './emulator-error-middleware';
import type { EmulatorOptions } from './emulator-options';
import { playerRouter } from './player-router';
import { EmulatorNotFoundError } from './errors/emulator-not-found-error';
import { telnyxApiRouter } from './telnyx-api-router';

/**
 * The emulator as an Express app, without listening: the Telnyx TeXML REST API under /v2 and the
 * controls under /_emulator. Pass a context to share state with the caller (startEmulator does).
 */
export function createEmulatorApp(options: EmulatorOptions, context: EmulatorContext = createEmulatorContext(options)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/_emulator', playerRouter(context));
  app.use('/_emulator', controlRouter(context));
  app.use('/v2', telnyxApiRouter(context));
  app.use(() => {
    throw new EmulatorNotFoundError();
  });
  app.use(emulatorErrorMiddleware(context.logger));
  return app;
}
