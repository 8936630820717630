import express, { type Express } from 'express';
import type { FlowSetSource, LoadReport } from '../flows/flow-set-holder';
import { studioRoutes } from './routes/studio-routes';

/**
 * The studio alone, for `texml-router studio` on a developer's machine: no webhooks, no Redis, no
 * admin token. The command binds it to the loopback interface only.
 */
export function createStudioApp(deps: { flows: FlowSetSource & { readonly lastLoad?: LoadReport } }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => res.redirect('/studio'));
  app.use(studioRoutes({ flows: deps.flows }));
  return app;
}
