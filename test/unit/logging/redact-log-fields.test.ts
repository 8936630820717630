import { createLogger } from '../../../src/logging';
import { redactLogFields } from '../../../src/logging/redact-log-fields';
import { LogCapture } from '../../support/log-capture';

describe('redactLogFields', () => {
  it('when secret-named fields sit at the top or nested (headers, config, errors, arrays), then each is [REDACTED] and nothing else changes', () => {
    const error = Object.assign(new Error('boom'), { config: { headers: { authorization: 'Bearer KEY_in_error' } } });
    const fields = {
      endpoint: 'voice',
      apiKey: 'KEY_top',
      req: { method: 'GET', headers: { authorization: 'Bearer t', cookie: 'session=1', 'telnyx-signature-ed25519': 'sig', host: 'x' } },
      config: { flowStateSecret: 'state', adminToken: 'admin', port: 3000 },
      err: error,
      list: [{ secretValue: 'in-array' }, 'plain'],
      when: new Date(0),
    };
    const redacted = redactLogFields(fields);
    expect(redacted).toMatchObject({
      endpoint: 'voice',
      apiKey: '[REDACTED]',
      req: { method: 'GET', headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', 'telnyx-signature-ed25519': '[REDACTED]', host: 'x' } },
      config: { flowStateSecret: '[REDACTED]', adminToken: '[REDACTED]', port: 3000 },
      err: { message: 'boom', config: { headers: { authorization: '[REDACTED]' } } },
      list: [{ secretValue: '[REDACTED]' }, 'plain'],
      when: new Date(0),
    });
    expect((redacted.err as unknown as { stack: string }).stack).toContain('boom');
    // The caller's objects are untouched.
    expect(fields.req.headers.authorization).toBe('Bearer t');
    expect(error.config.headers.authorization).toBe('Bearer KEY_in_error');
  });

  it('when `value` is at the top or under params or data, then it is redacted; elsewhere it is an ordinary field', () => {
    expect(redactLogFields({ value: 's1', params: { name: 'db', value: 's2' }, data: { value: 's3' }, vars: { value: 'kept' } })).toEqual({
      value: '[REDACTED]',
      params: { name: 'db', value: '[REDACTED]' },
      data: { value: '[REDACTED]' },
      vars: { value: 'kept' },
    });
  });

  it('when nothing is secret-named, then the same object comes back (no copy on the hot path)', () => {
    const line = { endpoint: 'voice', callSid: 'v3:x', nested: { a: 1 }, requests: ['crm 200 3ms'] };
    expect(redactLogFields(line)).toBe(line);
  });

  it('when the service logger writes a line with secret-named fields, then the line holds [REDACTED] in their place', () => {
    const capture = new LogCapture();
    const logger = createLogger({ level: 'info', pretty: false, secretValues: [], destination: capture });
    logger.info({ req: { headers: { authorization: 'Bearer abc-token' } }, telnyxApiKey: 'KEY_abc' }, 'request');
    expect(capture.text).not.toContain('abc-token');
    expect(capture.text).not.toContain('KEY_abc');
    expect(JSON.parse(capture.lines[0]!) as unknown).toMatchObject({ req: { headers: { authorization: '[REDACTED]' } }, telnyxApiKey: '[REDACTED]', msg: 'request' });
  });
});
