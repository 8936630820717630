import { ChaCha20Poly1305 } from '../../../src/crypto/chacha20-poly1305';
import { StateSealer } from '../../../src/state/state-sealer';
import { StateTokenError } from '../../../src/state/state-token-error';

const secret = 'unit-state-secret-0123456789abcdefghij';
const noLibsodium = () => ({ ok: false as const, reason: "Cannot find module 'sodium-native'" });
const raw = (token: string) => Buffer.from(token, 'base64url');
const token = (bytes: Buffer) => bytes.toString('base64url');

function problemOf(open: () => unknown): string | undefined {
  try {
    open();
    return undefined;
  } catch (error) {
    if (error instanceof StateTokenError) return error.problem;
    throw error;
  }
}

/** RFC 8439, section 2.8.2: the AEAD_CHACHA20_POLY1305 example. */
const RFC_8439 = {
  key: Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)),
  nonce: Buffer.from('070000004041424344454647', 'hex'),
  aad: Buffer.from('50515253c0c1c2c3c4c5c6c7', 'hex'),
  plaintext: Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
  ciphertextStart: 'd31a8d34648e60db7b86afbc53ef7ec2',
  tag: '1ae10b594f09e26a7e902ecbd0600691',
};

describe('ChaCha20Poly1305', () => {
  it.each([
    ['libsodium', {}],
    ["node's crypto", { loadLibsodium: noLibsodium }],
  ])('when %s seals RFC 8439’s example, then it writes the RFC’s bytes and opens them again', (engine, options) => {
    const aead = new ChaCha20Poly1305(RFC_8439.key, options);
    expect(aead.engine).toBe(engine === 'libsodium' ? 'libsodium' : 'node');
    const out = Buffer.alloc(RFC_8439.plaintext.length + 16);
    aead.sealInto(out, RFC_8439.plaintext, RFC_8439.nonce, RFC_8439.aad);
    expect(out.subarray(0, 16).toString('hex')).toBe(RFC_8439.ciphertextStart);
    expect(out.subarray(out.length - 16).toString('hex')).toBe(RFC_8439.tag);
    expect(aead.open(out, RFC_8439.nonce, RFC_8439.aad)).toEqual(RFC_8439.plaintext);
    const flipped = Buffer.from(out);
    flipped[3]! ^= 0x40;
    expect(aead.open(flipped, RFC_8439.nonce, RFC_8439.aad)).toBeUndefined();
    expect(aead.open(out, RFC_8439.nonce, Buffer.from('other'))).toBeUndefined();
  });
});

describe('StateSealer token formats', () => {
  const value = { f: 'main-line', s: 'menu', c: 'v3:call-1', v: { n: 'Ana' } };

  it('when no format is set, then tokens are written in format 1 (AES-256-GCM), which every release opens', () => {
    const sealer = new StateSealer<typeof value>({ secret, ttlSeconds: 60 });
    const sealed = sealer.seal(value);
    expect(raw(sealed)[0]).toBe(1);
    expect(sealer.open(sealed)).toEqual(value);
  });

  it('when format 2 is set, then tokens are ChaCha20-Poly1305, the same length as format 1, and open', () => {
    const two = new StateSealer<typeof value>({ secret, ttlSeconds: 60, tokenFormat: 2 });
    const one = new StateSealer<typeof value>({ secret, ttlSeconds: 60 });
    const sealed = two.seal(value);
    expect(raw(sealed)[0]).toBe(2);
    expect(sealed.length).toBe(one.seal(value).length);
    expect(two.open(sealed)).toEqual(value);
  });

  it('when processes write different formats (a rolling upgrade), then each opens the other’s tokens, with or without libsodium', () => {
    const writesOne = new StateSealer<typeof value>({ secret, ttlSeconds: 60 });
    const writesTwo = new StateSealer<typeof value>({ secret, ttlSeconds: 60, tokenFormat: 2 });
    expect(writesOne.open(writesTwo.seal(value))).toEqual(value);
    expect(writesTwo.open(writesOne.seal(value))).toEqual(value);
    // node's crypto opens what libsodium sealed, and the other way round.
    const key = Buffer.alloc(32, 7);
    const nonce = Buffer.alloc(12, 9);
    const format = Buffer.from([2]);
    const plaintext = Buffer.from(JSON.stringify(value));
    const bySodium = Buffer.alloc(plaintext.length + 16);
    const byNode = Buffer.alloc(plaintext.length + 16);
    new ChaCha20Poly1305(key).sealInto(bySodium, plaintext, nonce, format);
    new ChaCha20Poly1305(key, { loadLibsodium: noLibsodium }).sealInto(byNode, plaintext, nonce, format);
    expect(byNode).toEqual(bySodium);
    expect(new ChaCha20Poly1305(key, { loadLibsodium: noLibsodium }).open(bySodium, nonce, format)).toEqual(plaintext);
  });

  it('when a format 2 token is changed anywhere, or relabelled as format 1, or a format 1 token as format 2, then it is refused as tampered', () => {
    const two = new StateSealer<typeof value>({ secret, ttlSeconds: 60, tokenFormat: 2 });
    const sealed = raw(two.seal(value));
    for (const at of [1, 13, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at]! ^= 0x01;
      expect(problemOf(() => two.open(token(changed)))).toBe('tampered');
    }
    const relabelled = Buffer.from(sealed);
    relabelled[0] = 1;
    expect(problemOf(() => two.open(token(relabelled)))).toBe('tampered');
    const one = raw(new StateSealer<typeof value>({ secret, ttlSeconds: 60 }).seal(value));
    one[0] = 2;
    expect(problemOf(() => two.open(token(one)))).toBe('tampered');
  });

  it('when a token names a format this release does not know, then it is malformed', () => {
    const sealer = new StateSealer<typeof value>({ secret, ttlSeconds: 60, tokenFormat: 2 });
    const sealed = raw(sealer.seal(value));
    sealed[0] = 3;
    expect(problemOf(() => sealer.open(token(sealed)))).toBe('malformed');
  });

  it('when a format 2 token is sealed with another secret or has expired, then it is refused as for format 1', () => {
    let nowMs = Date.parse('2026-12-07T10:00:00Z');
    const sealer = new StateSealer<typeof value>({ secret, ttlSeconds: 60, tokenFormat: 2, now: () => nowMs });
    const other = new StateSealer<typeof value>({ secret: `${secret}-other`, ttlSeconds: 60, tokenFormat: 2 });
    expect(problemOf(() => sealer.open(other.seal(value)))).toBe('tampered');
    const sealed = sealer.seal(value);
    nowMs += 61_000;
    expect(problemOf(() => sealer.open(sealed))).toBe('expired');
  });
});
