import { join } from 'node:path';
import request from 'supertest';
import { FlowSetHolder } from '../../src/flows/flow-set-holder';
import { createStudioApp } from '../../src/http/create-studio-app';
import { createLogger } from '../../src/logging';
import { coverageOfAllScenarios } from '../../src/simulator/flows-coverage';
import { LogCapture } from '../support/log-capture';
import { repoRoot } from '../support/test-app';

const flowsDir = join(repoRoot, 'test/fixtures/simulator/flows');
const routesDir = join(repoRoot, 'test/fixtures/simulator/routes');

describe('texml-router studio --coverage', () => {
  it('when every scenario file of the flows is played, then each flow they pass through gets its coverage, and the studio serves it', async () => {
    const played = await coverageOfAllScenarios({ flowsDir, routesDir, baseDir: repoRoot, readEnv: () => undefined });
    expect(played.failed).toBe(0);
    expect(played.scenarios).toBeGreaterThan(0);
    const quiz = played.coverage.find((c) => c.flow === 'quiz');
    expect(quiz).toMatchObject({ percent: 100, steps: { missed: [] }, edges: { missed: [] } });

    const flows = new FlowSetHolder({ flowsDir, routesDir }, { readEnv: () => undefined }, createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() }));
    await flows.load();
    const app = createStudioApp({ flows, coverage: played.coverage });
    expect((await request(app).get('/studio/flows/quiz/coverage').expect(200)).body).toMatchObject({ flow: 'quiz', percent: 100 });
    await request(app).get('/studio/flows/nope/coverage').expect(404);
    await request(createStudioApp({ flows })).get('/studio/flows/quiz/coverage').expect(404);
  }, 120_000);
});
