import { join } from 'node:path';
import pino from 'pino';
import { FlowSetHolder } from '../../../src/flows/flow-set-holder';
import { VoiceResponder } from '../../../src/flows/voice-responder';
import { ServiceUrls } from '../../../src/urls/service-urls';

const fixtures = join(__dirname, '../../fixtures/http-flows');
const call = { CallSid: 'v3:vr', From: '+13125550199', To: '+13125550100' };

async function responder(maxTokenLength?: number): Promise<VoiceResponder> {
  const flows = new FlowSetHolder({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes') }, { readEnv: () => undefined }, pino({ level: 'silent' }));
  await flows.load();
  const urls = new ServiceUrls({ secret: 'v'.repeat(40), ttlSeconds: 3600, ...(maxTokenLength ? { maxTokenLength } : {}) });
  return new VoiceResponder({ flows, urls });
}

describe('VoiceResponder', () => {
  it('when rendering fails once the flow is known, then that flow\'s own fallback answers', async () => {
    // A token cap too small for any state makes sealing the Gather's action URL fail mid-render.
    const answer = (await responder(40)).inbound(call, 'https://router.test');
    expect(answer.ending).toBe('fallback');
    expect(answer.flow).toBe('desk');
    expect(answer.texml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>The desk line is unavailable. Goodbye.</Say><Hangup/></Response>');
    expect(answer.tokenProblem).toBe('too-large');
  });

  it('when the token cannot be opened, then the flow is unknown and the service-wide fallback answers', async () => {
    const answer = (await responder()).step(call, 'https://router.test', { state: 'garbage' });
    expect(answer.texml).toContain("We're sorry, something went wrong.");
    expect(answer.flow).toBeUndefined();
  });
});
