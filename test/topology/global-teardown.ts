/** Stops the topology the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { texmlTopology?: { stop(): Promise<void> } }).texmlTopology?.stop();
}
