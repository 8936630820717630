/**
 * Telnyx signature verification in isolation: WebhookSignatureVerifier.check (headers parsed, the
 * signed message built, Ed25519 verified) against node's crypto.verify alone on a prebuilt message
 * and an imported key (the floor: Ed25519 itself), and, for reference, what the check cost before
 * (the timestamp matched by a regular expression, the signature decoded twice, the message built
 * with two copies) and with the key imported on every call. Interleaved rounds, medians. Then
 * the check the service runs, off the event loop (verifyBodyOffLoop, node's thread pool), with 32
 * checks in flight: what a process gets when other cores are free.
 *
 *   npx tsx bench/signature.ts [--rounds 9] [--ms 300]
 */
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import os from 'node:os';
import { WebhookSignatureVerifier } from '../src/telnyx/webhook-signature-verifier';
import { medianOpsPerSecond, option } from './support/measure';

const ROUNDS = option('rounds', 9);
const ROUND_MS = option('ms', 300);

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const rawKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
const body = Buffer.from('AccountSid=acc&CallSid=v3%3Abench&From=%2B13125550199&To=%2B13125550100&CallStatus=in-progress&CallerId=%2B13125550199&Digits=2');
const timestamp = String(Math.floor(Date.now() / 1000));
const message = Buffer.concat([Buffer.from(`${timestamp}|`), body]);
const signatureHeader = sign(null, message, privateKey).toString('base64');
const signature = Buffer.from(signatureHeader, 'base64');
const key: KeyObject = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, rawKey]), format: 'der', type: 'spki' });
const verifier = new WebhookSignatureVerifier({ publicKey: rawKey.toString('base64') });

/** The check as it was before (kept here only to compare). */
function previousCheck(ts: string, sig: string, raw: Buffer, k: KeyObject): boolean {
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > 300) return false;
  if (Buffer.from(sig, 'base64').length !== 64) return false;
  const decoded = Buffer.from(sig, 'base64');
  return verify(null, Buffer.concat([Buffer.from(`${ts}|`, 'utf8'), raw]), k, decoded);
}

const contenders: [string, () => number][] = [
  ['crypto.verify alone (prebuilt message, imported key): the floor', () => (verify(null, message, key, signature) ? 1 : 0)],
  ['WebhookSignatureVerifier.check (precheck, message, verify; on the loop)', () => (verifier.check(timestamp, signatureHeader, body).ok ? 1 : 0)],
  ['the previous check (regex, two decodes, two copies)', () => (previousCheck(timestamp, signatureHeader, body, key) ? 1 : 0)],
  [
    'key imported on every call (what caching avoids)',
    () => (previousCheck(timestamp, signatureHeader, body, createPublicKey({ key: Buffer.concat([SPKI_PREFIX, rawKey]), format: 'der', type: 'spki' })) ? 1 : 0),
  ],
];
for (const [name, op] of contenders) if (op() !== 1) throw new Error(`${name} did not verify`);

const rates = medianOpsPerSecond(
  contenders.map(([, op]) => op),
  ROUNDS,
  ROUND_MS,
);
console.log(`\nsignature: ${ROUNDS} rounds x ${ROUND_MS} ms (medians), node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0]!.toFixed(2)}\n`);
console.log('| contender | verifications/s | ratio to crypto.verify alone |');
console.log('|---|---:|---:|');
contenders.forEach(([name], i) => console.log(`| ${name} | ${rates[i]!.toFixed(0)} | ${(rates[i]! / rates[0]!).toFixed(2)} |`));

void offLoop().then((rate) => console.log(`| verifyBodyOffLoop (as served), 32 in flight (node's thread pool) | ${rate.toFixed(0)} | ${(rate / rates[0]!).toFixed(2)} |`));

/** Checks completed per second with 32 in flight, median of the rounds. */
async function offLoop(): Promise<number> {
  const headers = verifier.precheck(timestamp, signatureHeader);
  if (!headers.ok) throw new Error('precheck failed');
  const samples: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    let done = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(ROUND_MS) * 1_000_000n;
    const lane = async (): Promise<void> => {
      while (process.hrtime.bigint() < deadline) {
        if (!(await verifier.verifyBodyOffLoop(headers, body)).ok) throw new Error('did not verify');
        done++;
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
    if (round >= 0) samples.push(done / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}
