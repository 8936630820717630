/*
 * Redis memory per call: a typical inbound call's events and flow steps (4 status callbacks, 4
 * flow-step records) stored through the EventStore, measured with MEMORY USAGE over every key the
 * calls wrote. docs/scaling.md sizes Redis with it. Usage: npx tsx bench/event-memory.ts [--calls 200]
 */
import { Redis } from 'ioredis';
import { EventStore } from '../src/events/event-store';
import { normaliseCallback } from '../src/events/normalise-callback';
async function main() {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = 'memprobe-' + Date.now();
  const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
  const at = process.argv.indexOf('--calls');
  const N = at >= 0 ? Number(process.argv[at + 1]) : 200;
  for (let c = 0; c < N; c++) {
    const sid = `v3:${'x'.repeat(36)}${c}`;
    const base = { AccountSid: 'AC'+'a'.repeat(30), CallSid: sid, From: '+13125550199', To: '+13125550100', CallbackSource: 'call-progress-events', ConnectionId: '1234567890' };
    let seq = 1;
    for (const status of ['initiated', 'ringing', 'in-progress', 'completed']) {
      await store.record(normaliseCallback('call-status', { ...base, CallStatus: status, SequenceNumber: String(seq++), Timestamp: new Date().toISOString(), ...(status === 'completed' ? { CallDuration: '180', HangupCause: 'normal_clearing' } : {}) }, new Date()));
    }
    for (let s = 0; s < 4; s++) await store.recordFlowSteps({ callSid: sid, flow: 'main-line', steps: ['main-line.start', 'main-line.menu'], outcome: 'wait', endpoint: s ? 'step' : 'voice', at: new Date(Date.now() + s) });
  }
  let total = 0; let cursor = '0'; const keys: string[] = [];
  do { const [n, k] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000); cursor = n; keys.push(...k); } while (cursor !== '0');
  for (const k of keys) total += Number(await redis.memory('USAGE', k));
  console.log(JSON.stringify({ calls: N, keys: keys.length, bytes: total, perCall: Math.round(total / N), keysPerCall: keys.length / N }));
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
void main();
