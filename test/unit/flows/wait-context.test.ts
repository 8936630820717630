import { formatDiagnostic } from '../../../src/source/flow-diagnostic';
import { compileFlows } from './flow-test-kit';

/*
 * A queue's wait step is served as the Enqueue's waitUrl, where Telnyx allows only Play, Say,
 * Gather, Pause, Hangup, Redirect and Leave (enqueue.md): anything else is caught at load, not
 * when a caller is waiting.
 */

function diagnosticsOf(steps: string): string[] {
  const yaml = `flow: main
start: a
request: { allow: [crm.example.com] }
steps:
  a:
    - enqueue: { queue: support, wait: hold, then: after }
${steps}
  after:
    - say: "Back in the flow."
    - record: {}
`;
  return compileFlows({ 'flows/main.yaml': yaml }).diagnostics.map(formatDiagnostic);
}

describe("load-time check: a queue's wait plays only what a waitUrl document may hold", () => {
  it('when the wait step says, plays, pauses, gathers with a menu and leaves, then it loads clean', () => {
    expect(
      diagnosticsOf(`  hold:
    - say: "Please hold."
    - play: { url: "https://media.example.com/hold.mp3" }
    - pause: 2
    - menu: { prompt: [{ say: "Press 1 to leave a message." }], options: { "1": out }, no_input: [], invalid: [], on_fail: hold, retries: 0 }
  out:
    - leave
`),
    ).toEqual([]);
  });

  it('when the wait step records or starts a stream, then loading fails at the step, naming what it has', () => {
    const lines = diagnosticsOf(`  hold:
    - say: "Please hold."
    - start: { stream: { url: "wss://media.example.com/s" } }
    - record: {}
`);
    expect(lines).toEqual([
      expect.stringMatching(/^flows\/main\.yaml:8:5: error: step 'hold' runs in a queue's wait, where Telnyx's waitUrl document may hold only Play, Say, Gather, Pause, Hangup, Redirect, Leave, but it has <Start>, record \(hint: leave the queue first \(leave\), then go on in the enqueue's then: step\)$/),
    ]);
  });

  it('when a menu in the wait leads to a step that dials, then that step fails too: its document plays inside the wait', () => {
    const lines = diagnosticsOf(`  hold:
    - menu: { prompt: [{ say: "Press 1 for an operator." }], options: { "1": operator }, no_input: [], invalid: [], on_fail: hold, retries: 0 }
  operator:
    - dial: { numbers: "+13125550101" }
`);
    expect(lines).toEqual([expect.stringMatching(/^flows\/main\.yaml:\d+:5: error: step 'operator' runs in a queue's wait, where .* but it has dial /)]);
  });

  it('when a step is reached both from the wait and from outside it, then it is a warning', () => {
    const lines = diagnosticsOf(`  hold:
    - menu: { prompt: [{ say: "Press 1 to hear the hours." }], options: { "1": after }, no_input: [], invalid: [], on_fail: hold, retries: 0 }
`);
    expect(lines).toEqual([expect.stringMatching(/^flows\/main\.yaml:\d+:5: warning: step 'after' runs in a queue's wait when a wait step leads to it, where .* but it has record \(hint: give the wait its own step\)$/)]);
  });
});
