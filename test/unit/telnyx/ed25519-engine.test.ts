import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { createEd25519Engine, chooseEd25519Engine } from '../../../src/telnyx/create-ed25519-engine';
import type { Ed25519Engine } from '../../../src/telnyx/ed25519-engine';
import { Ed25519EngineUnavailableError } from '../../../src/telnyx/ed25519-engine-unavailable-error';
import { loadLibsodium } from '../../../src/crypto/libsodium';
import { WebhookSignatureVerifier } from '../../../src/telnyx/webhook-signature-verifier';

const hex = (text: string) => Buffer.from(text, 'hex');

/** RFC 8032, section 7.1, TEST 1 to TEST 3: public key, message, signature. */
const RFC_8032 = [
  ['d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '', 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
  ['3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72', '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
  ['fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82', '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
] as const;

/** The group order L of Ed25519, little-endian (RFC 8032, section 5.1). */
const L = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

function keyPair(): { publicKey: Buffer; sign: (message: Buffer) => Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), sign: (message) => sign(null, message, privateKey) };
}

/** Both engines for one key: the service must answer the same whichever verifies. */
function engines(publicKey: Buffer): Ed25519Engine[] {
  return [createEd25519Engine(publicKey, 'libsodium').engine, createEd25519Engine(publicKey, 'node').engine];
}

describe('Ed25519 engines (libsodium and node’s crypto)', () => {
  it('when sodium-native is installed (an optional dependency of this repository), then auto picks libsodium', () => {
    expect(loadLibsodium()).toMatchObject({ ok: true });
    expect(chooseEd25519Engine('auto').name).toBe('libsodium');
    expect(createEd25519Engine(keyPair().publicKey, 'auto').engine.name).toBe('libsodium');
  });

  it.each(RFC_8032)('when given RFC 8032’s vector for key %s, then both accept it, and refuse it with one bit of the signature flipped', async (key, message, signature) => {
    for (const engine of engines(hex(key))) {
      expect(engine.verify(hex(message), hex(signature))).toBe(true);
      expect(await engine.verifyAsServed(hex(message), hex(signature))).toBe(true);
      const flipped = hex(signature);
      flipped[10]! ^= 0x01;
      expect(engine.verify(hex(message), flipped)).toBe(false);
      expect(await engine.verifyAsServed(hex(message), flipped)).toBe(false);
    }
  });

  it('when signatures of random messages are checked, then both engines agree: true as signed, false with any byte of message or signature changed', () => {
    const pair = keyPair();
    const [sodium, node] = engines(pair.publicKey);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (bytes, at, xor, inSignature) => {
        const message = Buffer.from(bytes);
        const signature = pair.sign(message);
        expect(sodium!.verify(message, signature)).toBe(true);
        expect(node!.verify(message, signature)).toBe(true);
        const target = inSignature || message.length === 0 ? signature : message;
        target[at % target.length]! ^= xor;
        expect(sodium!.verify(message, signature)).toBe(false);
        expect(node!.verify(message, signature)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('when S is replaced by S + L (the same signature, not canonical), then both refuse it', () => {
    const pair = keyPair();
    const message = Buffer.from('1700000000|CallSid=v3%3Aa');
    const signature = pair.sign(message);
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const sum = signature[32 + i]! + L[i]! + carry;
      signature[32 + i] = sum & 0xff;
      carry = sum >> 8;
    }
    for (const engine of engines(pair.publicKey)) expect(engine.verify(message, signature)).toBe(false);
  });

  it('when the signature is not 64 bytes, then both answer false (libsodium is not asked)', () => {
    const pair = keyPair();
    const message = Buffer.from('x');
    for (const engine of engines(pair.publicKey)) {
      expect(engine.verify(message, pair.sign(message).subarray(0, 63))).toBe(false);
      expect(engine.verify(message, Buffer.alloc(0))).toBe(false);
    }
  });

  describe('choosing', () => {
    const missing = () => ({ ok: false as const, reason: "Cannot find module 'sodium-native'" });

    it('when WEBHOOK_VERIFY_ENGINE=node, then node’s crypto verifies and libsodium is not loaded', () => {
      let loads = 0;
      const chosen = createEd25519Engine(keyPair().publicKey, 'node', () => {
        loads++;
        return loadLibsodium();
      });
      expect(chosen.engine.name).toBe('node');
      expect(loads).toBe(0);
    });

    it('when auto and libsodium cannot be loaded, then node’s crypto verifies and the reason is kept to be said at start', () => {
      const chosen = createEd25519Engine(keyPair().publicKey, 'auto', missing);
      expect(chosen.engine.name).toBe('node');
      expect(chosen.libsodiumUnavailable).toBe("Cannot find module 'sodium-native'");
    });

    it('when libsodium is asked for and cannot be loaded, then it is an error naming the variable, the reason and the way out', () => {
      expect(() => chooseEd25519Engine('libsodium', missing)).toThrow(Ed25519EngineUnavailableError);
      expect(() => chooseEd25519Engine('libsodium', missing)).toThrow(/WEBHOOK_VERIFY_ENGINE=libsodium, but sodium-native could not be loaded: Cannot find module 'sodium-native'.*set WEBHOOK_VERIFY_ENGINE to node or auto/);
    });
  });

  describe('WebhookSignatureVerifier over each engine', () => {
    it.each(['libsodium', 'node'] as const)('when the engine is %s, then a Telnyx-style signature holds as served and on the loop, and a changed body fails both ways', async (engine) => {
      const pair = keyPair();
      const verifier = new WebhookSignatureVerifier({ publicKey: pair.publicKey.toString('base64'), engine });
      expect(verifier.engineName).toBe(engine);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const body = Buffer.from('CallSid=v3%3Aa&From=%2B13125550199');
      const headers = verifier.precheck(timestamp, pair.sign(Buffer.from(`${timestamp}|${body.toString()}`)).toString('base64'));
      if (!headers.ok) throw new Error(headers.detail);
      expect(await verifier.checkBody(headers, body)).toEqual({ ok: true });
      expect(verifier.verifyBody(headers, body)).toEqual({ ok: true });
      const changed = Buffer.from(body.toString().replace('199', '666'));
      expect(await verifier.checkBody(headers, changed)).toMatchObject({ ok: false, problem: 'invalid' });
      expect(verifier.verifyBody(headers, changed)).toMatchObject({ ok: false, problem: 'invalid' });
    });
  });
});
