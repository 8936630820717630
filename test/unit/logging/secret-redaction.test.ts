import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { ErrorHandler } from '../../../src/errors';
import { createApp } from '../../../src/http/create-app';
import { createLogger } from '../../../src/logging';
import { LogCapture } from '../../support/log-capture';

const secrets = {
  FLOW_STATE_SECRET: 'state-secret-0123456789abcdef0123456789',
  ADMIN_TOKEN: 'admin-token-fedcba9876543210',
  TELNYX_API_KEY: 'KEY0123456789ABCDEF_telnyx_api_key',
  NOTIFY_SIGNING_SECRET: 'notify-signing-secret-42424242',
};

describe('log redaction', () => {
  it('when secrets flow through config, requests and errors, then none of them reaches the log', async () => {
    const capture = new LogCapture();
    const config = loadConfig({ ...secrets, LOG_LEVEL: 'trace' }, false);
    const logger = createLogger({ level: 'trace', pretty: false, secretValues: config.secretValues, destination: capture });
    const errorHandler = new ErrorHandler(logger);
    const app = createApp({ config, logger, errorHandler, flows: { current: undefined } });

    logger.info({ config }, 'config loaded');
    logger.info({ apiKey: secrets.TELNYX_API_KEY, params: { name: 'db_password', value: 'hunter2-secret-value' } }, 'op');
    errorHandler.handle(new Error(`request failed with Authorization: Bearer ${secrets.TELNYX_API_KEY}`), { source: 'test' });
    logger.warn(`token in a message ${secrets.ADMIN_TOKEN} and ${secrets.FLOW_STATE_SECRET}`);
    await request(app)
      .get(`/healthz?token=${secrets.NOTIFY_SIGNING_SECRET}`)
      .set('Authorization', `Bearer ${secrets.ADMIN_TOKEN}`)
      .set('Cookie', 'session=abc');
    await request(app).get('/nowhere').set('Authorization', `Bearer ${secrets.ADMIN_TOKEN}`);

    expect(capture.lines.length).toBeGreaterThanOrEqual(5);
    for (const value of [...Object.values(secrets), 'hunter2-secret-value']) {
      expect(capture.text).not.toContain(value);
    }
    expect(capture.text).toContain('[REDACTED]');
  });

  it('when a secret contains characters JSON escapes, then its escaped form is scrubbed too', () => {
    const capture = new LogCapture();
    const secret = 'quote"back\\slash-secret';
    const logger = createLogger({ level: 'info', pretty: false, secretValues: [secret], destination: capture });
    logger.info({ note: `x ${secret} y` }, 'escaped');
    expect(capture.text).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(capture.text).toContain('[REDACTED]');
  });
});
