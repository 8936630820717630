import { join } from 'node:path';

/**
 * The example flows, routes and campaigns as the project ships them, copied under
 * test/fixtures/examples/. Tests pin the examples' behaviour from this copy, so whatever a user
 * adds to or changes in flows/, routes/ and campaigns/ never breaks the project's tests. After
 * changing an example on purpose, copy it here too: `npm run test:copy-examples`.
 */
export const examplesDir = join(__dirname, '..', 'fixtures', 'examples');
export const exampleFlowsDir = join(examplesDir, 'flows');
export const exampleRoutesDir = join(examplesDir, 'routes');
export const exampleCampaignsDir = join(examplesDir, 'campaigns');
/** flowsDir, routesDir and baseDir (diagnostics then read `flows/NAME.yaml`, as in the project). */
export const exampleDirs = { flowsDir: exampleFlowsDir, routesDir: exampleRoutesDir, baseDir: examplesDir } as const;
