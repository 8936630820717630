/**
 * Telnyx signature verification in isolation: WebhookSignatureVerifier.check (headers parsed, the
 * signed message built, Ed25519 verified) with each engine (the precomputed addon, libsodium, node's crypto) against
 * node's crypto.verify alone on a prebuilt message and an imported key (the baseline: Ed25519 as
 * node's crypto does it), and, for reference, what the check cost before (the timestamp matched by
 * a regular expression, the signature decoded twice, the message built with two copies) and with
 * the key imported on every call. Interleaved rounds, medians. Then node's engine as served, off
 * the event loop (checkBody, node's thread pool), with 32 checks in flight: what a process gets
 * when other cores are free. The CPU time each check costs the process is printed too.
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
const precomputedVerifier = new WebhookSignatureVerifier({ publicKey: rawKey.toString('base64'), engine: 'precomputed' });
const sodiumVerifier = new WebhookSignatureVerifier({ publicKey: rawKey.toString('base64'), engine: 'libsodium' });
const verifier = new WebhookSignatureVerifier({ publicKey: rawKey.toString('base64'), engine: 'node' });

/** The check as it was before (kept here only to compare). */
function previousCheck(ts: string, sig: string, raw: Buffer, k: KeyObject): boolean {
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > 300) return false;
  if (Buffer.from(sig, 'base64').length !== 64) return false;
  const decoded = Buffer.from(sig, 'base64');
  return verify(null, Buffer.concat([Buffer.from(`${ts}|`, 'utf8'), raw]), k, decoded);
}

const contenders: [string, () => number][] = [
  ["node's crypto.verify alone (prebuilt message, imported key)", () => (verify(null, message, key, signature) ? 1 : 0)],
  ['WebhookSignatureVerifier.check, the precomputed addon (as served: on the loop)', () => (precomputedVerifier.check(timestamp, signatureHeader, body).ok ? 1 : 0)],
  ['WebhookSignatureVerifier.check, libsodium (on the loop)', () => (sodiumVerifier.check(timestamp, signatureHeader, body).ok ? 1 : 0)],
  ["WebhookSignatureVerifier.check, node's crypto on the loop", () => (verifier.check(timestamp, signatureHeader, body).ok ? 1 : 0)],
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

void offLoop().then(({ rate, cpuMicros }) => {
  console.log(`| checkBody, node's crypto (as served), 32 in flight on node's thread pool | ${rate.toFixed(0)} | ${(rate / rates[0]!).toFixed(2)} |`);
  console.log(`\nCPU per check (process, all threads): node's crypto off the loop ${cpuMicros.toFixed(0)} µs; on the loop: the precomputed addon ${cpuPerCheck(() => precomputedVerifier.check(timestamp, signatureHeader, body)).toFixed(1)} µs, libsodium ${cpuPerCheck(() => sodiumVerifier.check(timestamp, signatureHeader, body)).toFixed(0)} µs, node's crypto ${cpuPerCheck(() => verifier.check(timestamp, signatureHeader, body)).toFixed(0)} µs`);
});

/** CPU time of the process per call, over 2,000 calls. */
function cpuPerCheck(check: () => unknown): number {
  const before = process.cpuUsage();
  for (let i = 0; i < 2000; i++) check();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 2000;
}

/** Checks completed per second with 32 in flight (median of the rounds), and the CPU time per check. */
async function offLoop(): Promise<{ rate: number; cpuMicros: number }> {
  const headers = verifier.precheck(timestamp, signatureHeader);
  if (!headers.ok) throw new Error('precheck failed');
  const samples: number[] = [];
  let checks = 0;
  const cpuBefore = process.cpuUsage();
  for (let round = -1; round < ROUNDS; round++) {
    let done = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(ROUND_MS) * 1_000_000n;
    const lane = async (): Promise<void> => {
      while (process.hrtime.bigint() < deadline) {
        if (!(await verifier.checkBody(headers, body)).ok) throw new Error('did not verify');
        done++;
        checks++;
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
    if (round >= 0) samples.push(done / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { rate: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!, cpuMicros: (cpu.user + cpu.system) / checks };
}
