import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { createEd25519Engine, chooseEd25519Engine } from '../../../src/telnyx/create-ed25519-engine';
import type { Ed25519Engine } from '../../../src/telnyx/ed25519-engine';
import { Ed25519EngineUnavailableError } from '../../../src/telnyx/ed25519-engine-unavailable-error';
import { loadLibsodium } from '../../../src/crypto/libsodium';
import { loadFixedKeyCrypto } from '../../../src/crypto/fixed-key-crypto';
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

function keyPair(): { publicKey: Buffer; seed: Buffer; sign: (message: Buffer) => Buffer } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: Buffer.from(jwk.x!, 'base64url'), seed: Buffer.from(jwk.d!, 'base64url'), sign: (message) => sign(null, message, privateKey) };
}

const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const littleEndian = (bytes: Buffer): bigint => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);
const toLittleEndian32 = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex').reverse();

/** Every engine for one key: the service must answer the same whichever verifies. */
function engines(publicKey: Buffer): Ed25519Engine[] {
  return [createEd25519Engine(publicKey, 'precomputed').engine, createEd25519Engine(publicKey, 'libsodium').engine, createEd25519Engine(publicKey, 'node').engine];
}

describe('Ed25519 engines (the precomputed addon, libsodium and node’s crypto)', () => {
  it('when the addon is built (npm install builds it) and sodium-native is installed, then auto picks the addon', () => {
    expect(loadFixedKeyCrypto()).toMatchObject({ ok: true });
    expect(loadLibsodium()).toMatchObject({ ok: true });
    expect(chooseEd25519Engine('auto').name).toBe('precomputed');
    expect(createEd25519Engine(keyPair().publicKey, 'auto').engine.name).toBe('precomputed');
  });

  it.each(RFC_8032)('when given RFC 8032’s vector for key %s, then every engine accepts it, and refuse it with one bit of the signature flipped', async (key, message, signature) => {
    for (const engine of engines(hex(key))) {
      expect(engine.verify(hex(message), hex(signature))).toBe(true);
      expect(await engine.verifyAsServed(hex(message), hex(signature))).toBe(true);
      const flipped = hex(signature);
      flipped[10]! ^= 0x01;
      expect(engine.verify(hex(message), flipped)).toBe(false);
      expect(await engine.verifyAsServed(hex(message), flipped)).toBe(false);
    }
  });

  it('when signatures of random messages are checked, then every engine agrees: true as signed, false with any byte of message or signature changed', () => {
    const pair = keyPair();
    const all = engines(pair.publicKey);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (bytes, at, xor, inSignature) => {
        const message = Buffer.from(bytes);
        const signature = pair.sign(message);
        for (const engine of all) expect(engine.verify(message, signature)).toBe(true);
        const target = inSignature || message.length === 0 ? signature : message;
        target[at % target.length]! ^= xor;
        for (const engine of all) expect(engine.verify(message, signature)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('when many keys sign, then the addon accepts exactly what libsodium accepts, signature by signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (bytes, at, value) => {
        const pair = keyPair();
        const [precomputed, sodium] = engines(pair.publicKey);
        const message = Buffer.from(bytes);
        const signature = pair.sign(message);
        expect(precomputed!.verify(message, signature)).toBe(true);
        signature[at % 64] = value;
        expect(precomputed!.verify(message, signature)).toBe(sodium!.verify(message, signature));
      }),
      { numRuns: 100 },
    );
  });

  it('when R is the identity (small order) and S makes the equation hold, then libsodium refuses it for R’s order, and so does the addon', () => {
    // A signer holding the secret scalar a can make [S]B - [h]A = R for R = the identity:
    // S = h a mod L. libsodium refuses R of small order; the addon must too.
    const pair = keyPair();
    const digest = createHash('sha512').update(pair.seed).digest();
    digest[0]! &= 248;
    digest[31]! &= 127;
    digest[31]! |= 64;
    const secretScalar = littleEndian(digest.subarray(0, 32));
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const message = Buffer.from('1700000000|CallSid=v3%3Asmall-order');
    const h = littleEndian(createHash('sha512').update(Buffer.concat([identity, pair.publicKey, message])).digest()) % ORDER;
    const signature = Buffer.concat([identity, toLittleEndian32((h * secretScalar) % ORDER)]);
    const [precomputed, sodium, node] = engines(pair.publicKey);
    // OpenSSL does not check R's order: its yes shows the equation holds, so only that check refuses.
    expect(node!.verify(message, signature)).toBe(true);
    expect(sodium!.verify(message, signature)).toBe(false);
    expect(precomputed!.verify(message, signature)).toBe(false);
  });

  it('when the key is not one libsodium accepts (small order, not canonical), then the addon refuses to prepare it, and the service refuses it at start', () => {
    const loaded = loadFixedKeyCrypto();
    if (!loaded.ok) throw new Error(loaded.reason);
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const notCanonical = Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'); // y = p
    const orderTwo = Buffer.from('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'); // y = p - 1
    for (const key of [identity, notCanonical, orderTwo]) expect(loaded.addon.ed25519Prepare(key)).toBeNull();
    expect(() => createEd25519Engine(orderTwo, 'auto')).toThrow(/TELNYX_PUBLIC_KEY is not an Ed25519 public key libsodium accepts/);
    expect(() => loaded.addon.ed25519Prepare(Buffer.alloc(31))).toThrow(/publicKey must be 32 bytes/);
  });

  it('when S is replaced by S + L (the same signature, not canonical), then every engine refuses it', () => {
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

  it('when the signature is not 64 bytes, then every engine answers false (neither the addon nor libsodium is asked)', () => {
    const pair = keyPair();
    const message = Buffer.from('x');
    for (const engine of engines(pair.publicKey)) {
      expect(engine.verify(message, pair.sign(message).subarray(0, 63))).toBe(false);
      expect(engine.verify(message, Buffer.alloc(0))).toBe(false);
    }
  });

  describe('choosing', () => {
    const missing = () => ({ ok: false as const, reason: "Cannot find module 'sodium-native'" });
    const notBuilt = () => ({ ok: false as const, reason: 'the addon is not built' });

    it('when WEBHOOK_VERIFY_ENGINE=node, then node’s crypto verifies and neither the addon nor libsodium is loaded', () => {
      let loads = 0;
      const counted = <T>(load: () => T) => () => {
        loads++;
        return load();
      };
      const chosen = createEd25519Engine(keyPair().publicKey, 'node', { precomputed: counted(loadFixedKeyCrypto), libsodium: counted(loadLibsodium) });
      expect(chosen.engine.name).toBe('node');
      expect(loads).toBe(0);
    });

    it('when auto and the addon is not built, then libsodium verifies and the reason is kept to be said at start', () => {
      const chosen = createEd25519Engine(keyPair().publicKey, 'auto', { precomputed: notBuilt });
      expect(chosen.engine.name).toBe('libsodium');
      expect(chosen).toMatchObject({ precomputedUnavailable: 'the addon is not built' });
      expect(chosen.libsodiumUnavailable).toBeUndefined();
    });

    it('when auto and neither the addon nor libsodium can be loaded, then node’s crypto verifies and both reasons are kept', () => {
      const chosen = createEd25519Engine(keyPair().publicKey, 'auto', { precomputed: notBuilt, libsodium: missing });
      expect(chosen.engine.name).toBe('node');
      expect(chosen).toMatchObject({ precomputedUnavailable: 'the addon is not built', libsodiumUnavailable: "Cannot find module 'sodium-native'" });
    });

    it('when an engine is asked for by name and cannot be loaded, then it is an error naming the variable, the reason and the way out', () => {
      expect(() => chooseEd25519Engine('libsodium', { libsodium: missing })).toThrow(Ed25519EngineUnavailableError);
      expect(() => chooseEd25519Engine('libsodium', { libsodium: missing })).toThrow(/WEBHOOK_VERIFY_ENGINE=libsodium, but sodium-native could not be loaded: Cannot find module 'sodium-native'.*set WEBHOOK_VERIFY_ENGINE to node or auto/);
      expect(() => chooseEd25519Engine('precomputed', { precomputed: notBuilt })).toThrow(/WEBHOOK_VERIFY_ENGINE=precomputed, but the addon is not built \(run npm rebuild on a machine with a C compiler, or set WEBHOOK_VERIFY_ENGINE to auto, libsodium or node\)/);
    });

    it('when libsodium is asked for by name, then the addon is not loaded', () => {
      let loads = 0;
      const chosen = chooseEd25519Engine('libsodium', {
        precomputed: () => {
          loads++;
          return loadFixedKeyCrypto();
        },
      });
      expect(chosen.name).toBe('libsodium');
      expect(loads).toBe(0);
    });
  });

  describe('WebhookSignatureVerifier over each engine', () => {
    it.each(['precomputed', 'libsodium', 'node'] as const)('when the engine is %s, then a Telnyx-style signature holds as served and on the loop, and a changed body fails both ways', async (engine) => {
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
