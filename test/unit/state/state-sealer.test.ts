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

describe('StateSealer token formats', () => {
  const value = { f: 'main-line', s: 'menu', c: 'v3:call-1', v: { n: 'Ana' } };

  it('when no format is set, then tokens are written in format 1 (AES-256-GCM), which every release opens', () => {
    const sealer = new StateSealer<typeof value>({ secret, ttlSeconds: 60 });
    const sealed = sealer.seal(value);
    expect(raw(sealed)[0]).toBe(1);
    expect(sealer.open(sealed)).toEqual(value);
  });

  it('when one process seals format 1 with the addon and another has no addon (node’s crypto), then each opens the other’s tokens, and a changed one is tampered for both', () => {
    const noAddon = () => ({ ok: false as const, reason: 'the addon is not built' });
    const withAddon = new StateSealer<typeof value>({ secret, ttlSeconds: 60 });
    const withoutAddon = new StateSealer<typeof value>({ secret, ttlSeconds: 60, loadFixedKeyCrypto: noAddon });
    expect(withoutAddon.open(withAddon.seal(value))).toEqual(value);
    expect(withAddon.open(withoutAddon.seal(value))).toEqual(value);
    const changed = raw(withAddon.seal(value));
    changed[20]! ^= 0x01;
    expect(problemOf(() => withAddon.open(token(changed)))).toBe('tampered');
    expect(problemOf(() => withoutAddon.open(token(changed)))).toBe('tampered');
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
