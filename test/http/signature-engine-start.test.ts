import { join } from 'node:path';
import { ServiceProcess } from '../jobs/support/service-process';
import { SigningKey } from '../support/signing-key';

const httpFlows = join(__dirname, '..', 'fixtures', 'http-flows');
const withoutSodium = join(__dirname, '..', 'support', 'without-sodium-native.cjs');
const withoutAddon = join(__dirname, '..', 'support', 'without-fixed-key-crypto.cjs');
const call = { CallSid: 'v3:engine-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };

function webProcess(key: SigningKey, env: Record<string, string>): ServiceProcess {
  return new ServiceProcess(['serve', '--role', 'web'], {
    // Webhooks need no Redis: a closed port keeps the test off the machine's Redis.
    REDIS_URL: 'redis://127.0.0.1:1',
    PORT: '0',
    HOST: '127.0.0.1',
    FLOWS_DIR: join(httpFlows, 'flows'),
    ROUTES_DIR: join(httpFlows, 'routes'),
    FLOWS_WATCH: 'false',
    LOG_LEVEL: 'info',
    TELNYX_PUBLIC_KEY: key.publicKeyBase64,
    ...env,
  });
}

async function signedVoice(service: ServiceProcess, key: SigningKey): Promise<number> {
  const listening = await service.waitFor((l) => l.msg === 'texml-router listening', 'the listening line', 90000);
  const body = new URLSearchParams(call).toString();
  const res = await fetch(`http://127.0.0.1:${Number(listening.port)}/voice`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...key.headers(body) } });
  return res.status;
}

describe('which Ed25519 engine verifies, said at start', () => {
  // Child processes compiling TypeScript on a shared, loaded machine: generous bounds, no sleeps.
  jest.setTimeout(240000);
  it('when the addon is built (auto), then the web process says the precomputed addon verifies, and signed webhooks are answered', async () => {
    const key = new SigningKey();
    const service = webProcess(key, {});
    try {
      const said = await service.waitFor((l) => l.msg === 'webhook signatures are verified with the precomputed Ed25519 addon', 'the engine line', 90000);
      expect(said.engine).toBe('precomputed');
      expect(await signedVoice(service, key)).toBe(200);
    } finally {
      await service.kill();
    }
  });

  it('when the addon is not built and the engine is auto, then a warning gives the reason, libsodium verifies, and signed webhooks are answered', async () => {
    const key = new SigningKey();
    const service = webProcess(key, { NODE_OPTIONS: `--require ${withoutAddon}` });
    try {
      const warned = await service.waitFor((l) => String(l.msg).startsWith('the precomputed Ed25519 addon could not be loaded'), 'the fallback warning', 90000);
      expect(warned).toMatchObject({ engine: 'libsodium', reason: expect.stringMatching(/^the addon is not built \(.*fixed_key_crypto\.node is missing; npm install builds it with a C compiler\)$/) });
      expect(String(warned.msg)).toContain('verified with libsodium, at about 3 times the CPU');
      expect(await signedVoice(service, key)).toBe(200);
    } finally {
      await service.kill();
    }
  });

  it('when neither the addon nor sodium-native can be loaded and the engine is auto, then warnings give both reasons, node’s crypto verifies, and signed webhooks are answered', async () => {
    const key = new SigningKey();
    const service = webProcess(key, { NODE_OPTIONS: `--require ${withoutAddon} --require ${withoutSodium}` });
    try {
      const warned = await service.waitFor((l) => String(l.msg).startsWith('libsodium (sodium-native) could not be loaded'), 'the fallback warning', 90000);
      expect(warned).toMatchObject({ engine: 'node', reason: "Cannot find module 'sodium-native'" });
      expect(service.lines.some((l) => String(l.msg).startsWith('the precomputed Ed25519 addon could not be loaded') && l.engine === 'node')).toBe(true);
      expect(await signedVoice(service, key)).toBe(200);
    } finally {
      await service.kill();
    }
  });

  it('when WEBHOOK_VERIFY_ENGINE=precomputed and the addon is not built, then the process does not start, and says why and what to do', async () => {
    const service = webProcess(new SigningKey(), { NODE_OPTIONS: `--require ${withoutAddon}`, WEBHOOK_VERIFY_ENGINE: 'precomputed' });
    try {
      expect(await service.exited).toBe(1);
      expect(service.raw.join('\n')).toMatch(/WEBHOOK_VERIFY_ENGINE=precomputed, but the addon is not built .*run npm rebuild on a machine with a C compiler, or set WEBHOOK_VERIFY_ENGINE to auto, libsodium or node/);
    } finally {
      await service.kill();
    }
  });

  it('when WEBHOOK_VERIFY_ENGINE=libsodium and sodium-native cannot be loaded, then the process does not start, and says why and what to set', async () => {
    const service = webProcess(new SigningKey(), { NODE_OPTIONS: `--require ${withoutSodium}`, WEBHOOK_VERIFY_ENGINE: 'libsodium' });
    try {
      expect(await service.exited).toBe(1);
      expect(service.raw.join('\n')).toMatch(/WEBHOOK_VERIFY_ENGINE=libsodium, but sodium-native could not be loaded: Cannot find module 'sodium-native'.*WEBHOOK_VERIFY_ENGINE to node or auto/);
    } finally {
      await service.kill();
    }
  });
});
