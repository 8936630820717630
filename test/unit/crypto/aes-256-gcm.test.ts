import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Aes256Gcm } from '../../../src/crypto/aes-256-gcm';
import { loadFixedKeyCrypto } from '../../../src/crypto/fixed-key-crypto';

const noAddon = () => ({ ok: false as const, reason: 'the addon is not built' });

/** The GCM specification's test case 15 (McGrew and Viega): AES-256, 96-bit IV, no associated data. */
const CASE_15 = {
  key: Buffer.from('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', 'hex'),
  iv: Buffer.from('cafebabefacedbaddecaf888', 'hex'),
  plaintext: Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255', 'hex'),
  ciphertext: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
  tag: 'b094dac5d93471bdec1a502270e3cc6c',
};

describe('Aes256Gcm', () => {
  it('when the addon is built (npm install builds it), then it seals', () => {
    expect(loadFixedKeyCrypto()).toMatchObject({ ok: true });
    expect(new Aes256Gcm(randomBytes(32)).engine).toBe('addon');
  });

  it.each([
    ['the addon', {}],
    ["node's crypto", { loadFixedKeyCrypto: noAddon }],
  ])('when %s seals the specification’s test case 15, then it writes its bytes, opens them, and refuses them changed', (_engine, options) => {
    const aead = new Aes256Gcm(CASE_15.key, options);
    const out = Buffer.alloc(CASE_15.plaintext.length + 16);
    aead.sealInto(out, CASE_15.plaintext, CASE_15.iv);
    expect(out.subarray(0, CASE_15.plaintext.length).toString('hex')).toBe(CASE_15.ciphertext);
    expect(out.subarray(CASE_15.plaintext.length).toString('hex')).toBe(CASE_15.tag);
    expect(aead.open(out, CASE_15.iv)).toEqual(CASE_15.plaintext);
    for (const at of [0, CASE_15.plaintext.length - 1, out.length - 1]) {
      const changed = Buffer.from(out);
      changed[at]! ^= 0x01;
      expect(aead.open(changed, CASE_15.iv)).toBeUndefined();
    }
    const otherIv = Buffer.from(CASE_15.iv);
    otherIv[0]! ^= 0x80;
    expect(aead.open(out, otherIv)).toBeUndefined();
    expect(aead.open(out.subarray(0, 15), CASE_15.iv)).toBeUndefined();
  });

  it('when states of any length are sealed one after another by one key, then the addon writes what node’s createCipheriv writes, and each opens what the other sealed', () => {
    const key = randomBytes(32);
    const addon = new Aes256Gcm(key);
    const node = new Aes256Gcm(key, { loadFixedKeyCrypto: noAddon });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), (bytes, ivBytes) => {
        const plaintext = Buffer.from(bytes);
        const iv = Buffer.from(ivBytes);
        const byAddon = Buffer.alloc(plaintext.length + 16);
        addon.sealInto(byAddon, plaintext, iv);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        expect(byAddon).toEqual(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
        const byNode = Buffer.alloc(plaintext.length + 16);
        node.sealInto(byNode, plaintext, iv);
        expect(addon.open(byNode, iv)).toEqual(plaintext);
        expect(node.open(byAddon, iv)).toEqual(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('when a key of the other kind, or buffers of the wrong length, reach the addon, then it throws rather than reading past them', () => {
    const loaded = loadFixedKeyCrypto();
    if (!loaded.ok) throw new Error(loaded.reason);
    const { addon } = loaded;
    const aesKey = addon.aesGcmKey(randomBytes(32));
    const iv = randomBytes(12);
    expect(() => addon.aesGcmSeal(aesKey, Buffer.alloc(10), Buffer.alloc(10), iv)).toThrow(/out of plaintext's length \+ 16/);
    expect(() => addon.aesGcmSeal(aesKey, Buffer.alloc(26), Buffer.alloc(10), iv.subarray(0, 8))).toThrow(/12-byte iv/);
    expect(() => addon.aesGcmOpen(aesKey, Buffer.alloc(4), Buffer.alloc(10), Buffer.alloc(16), iv)).toThrow(/out of ciphertext's length/);
    expect(() => addon.aesGcmKey(Buffer.alloc(16))).toThrow(/key must be 32 bytes/);
    // The two kinds of key are tagged apart: one is never read as the other.
    const ed25519Key = addon.ed25519Prepare(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'))!;
    expect(() => addon.ed25519Verify(aesKey as never, Buffer.alloc(1), Buffer.alloc(64))).toThrow(/a prepared key/);
    expect(() => addon.aesGcmSeal(ed25519Key as never, Buffer.alloc(26), Buffer.alloc(10), iv)).toThrow(/a key, out of/);
    expect(() => addon.aesGcmSeal({} as never, Buffer.alloc(26), Buffer.alloc(10), iv)).toThrow(/a key, out of/);
  });
});
