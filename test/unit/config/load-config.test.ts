import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '../../../src/config';

const validKey = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('when the environment is empty, then development defaults apply', () => {
    const config = loadConfig({}, false);
    expect(config.port).toBe(3000);
    expect(config.redis).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(config.flowsWatch).toBe(true);
    expect(config.webhookVerify).toBe(false);
    expect(config.flowStateSecretIsEphemeral).toBe(true);
  });

  it('when several values are bad, then every problem is reported at once with its expected form', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'nope', ADMIN_TOKEN: 'short' }, false);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems.map((p) => p.name).sort()).toEqual(['ADMIN_TOKEN', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect((caught as ConfigError).message).toContain('PORT: got "eighty"');
    expect((caught as ConfigError).message).toContain('expected a port number 0-65535');
  });

  it('when a secret value is invalid, then the error does not echo it', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'tiny-secret' }, false)).toThrow(/ADMIN_TOKEN: invalid value/);
    try {
      loadConfig({ ADMIN_TOKEN: 'tiny-secret' }, false);
    } catch (error) {
      expect((error as Error).message).not.toContain('tiny-secret');
    }
  });

  it('when NODE_ENV=production lacks the state secret, admin token and public key, then it refuses to start', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, false)).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production' }, false);
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.name).sort()).toEqual(['ADMIN_TOKEN', 'FLOW_STATE_SECRET', 'TELNYX_PUBLIC_KEY']);
    }
  });

  it('when production sets WEBHOOK_VERIFY=off explicitly, then the public key is not required and the choice is flagged', () => {
    const config = loadConfig(
      { NODE_ENV: 'production', FLOW_STATE_SECRET: 'x'.repeat(32), ADMIN_TOKEN: 'y'.repeat(16), WEBHOOK_VERIFY: 'off' },
      false,
    );
    expect(config.webhookVerify).toBe(false);
    expect(config.webhookVerifyDisabledExplicitly).toBe(true);
    expect(config.flowsWatch).toBe(false);
  });

  it('when a public key is configured, then verification is on by default', () => {
    const config = loadConfig({ TELNYX_PUBLIC_KEY: validKey }, false);
    expect(config.webhookVerify).toBe(true);
  });

  it('when values are empty strings, then they count as unset', () => {
    const config = loadConfig({ PORT: '', PUBLIC_BASE_URL: '' }, false);
    expect(config.port).toBe(3000);
    expect(config.publicBaseUrl).toBeUndefined();
  });

  it('when WEB_PROCESSES is more than 1 without FLOW_STATE_SECRET or with a controlled clock, then both problems are named; auto is one per core', () => {
    expect(() => loadConfig({ WEB_PROCESSES: '2', CLOCK_START: '2026-12-08T10:00:00-06:00' }, false)).toThrow(
      /FLOW_STATE_SECRET: is required when WEB_PROCESSES is more than 1 \(got 2\)[\s\S]*WEB_PROCESSES: must be 1 with a controlled clock/,
    );
    expect(() => loadConfig({ WEB_PROCESSES: 'many' }, false)).toThrow(/WEB_PROCESSES: got "many"/);
    expect(loadConfig({ WEB_PROCESSES: '4', FLOW_STATE_SECRET: 'x'.repeat(32) }, false).webProcesses).toBe(4);
    expect(loadConfig({ WEB_PROCESSES: 'auto', FLOW_STATE_SECRET: 'x'.repeat(32) }, false).webProcesses).toBe(availableParallelism());
    expect(loadConfig({}, false).webProcesses).toBe(1);
  });
});
