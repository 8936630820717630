/**
 * Leaves a waiting scope (a queue wait, a conference) early: its deadline passed, or a signal it
 * listens for arrived (bridged to an agent, the conference ended, a `<Leave>`).
 */
export class ScopeExit extends Error {
  constructor(
    readonly scopeId: number,
    readonly reason: string,
  ) {
    super(`scope ${scopeId} exited: ${reason}`);
    this.name = 'ScopeExit';
  }
}
