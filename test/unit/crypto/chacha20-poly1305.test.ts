import { ChaCha20Poly1305 } from '../../../src/crypto/chacha20-poly1305';

const noLibsodium = () => ({ ok: false as const, reason: "Cannot find module 'sodium-native'" });

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
