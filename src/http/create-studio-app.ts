import express, { type Express } from 'express';
import type { FlowSetSource, LoadReport } from '../flows/flow-set-holder';
import { studioRoutes, type StudioDependencies } from './routes/studio-routes';

/**
 * The studio alone, for `texml-router studio` on a developer's machine: no webhooks, no Redis, no
 * admin token. The command binds it to the loopback interface only.
 */
export function createStudioApp(deps: { flows: FlowSetSource & { readonly lastLoad?: LoadReport }; coverage?: StudioDependencies['coverage'] }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => res.redirect('/studio'));
  app.use(studioRoutes({ flows: deps.flows, ...(deps.coverage ? { coverage: deps.coverage } : {}) }));
  return app;
}
