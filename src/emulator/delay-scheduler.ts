/** Real-time delays (fault latency) that can all be cancelled when the emulator closes. */
export class DelayScheduler {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Resolves after `ms`; never resolves if cancelAll() runs first. */
  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.pending.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
