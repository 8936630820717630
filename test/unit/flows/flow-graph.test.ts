import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGraph } from '../../../src/cli/commands/graph-command';
import { flowGraph, flowGraphDot, flowGraphMermaid } from '../../../src/flows/flow-graph';
import { flowGraphHtml, flowGraphSvg } from '../../../src/flows/flow-graph-svg';
import { compileClean, examplesDir } from './flow-test-kit';

const desk = `
flow: desk
start: welcome
steps:
  welcome:
    - say: "Welcome."
    - branch:
        - if: { open: business_hours }
          goto: menu
        - else: closed
  menu:
    - menu:
        prompt:
          - say: "Press 1 for sales, 2 for the other line."
        options: { "1": sales, "2": other_line }
        on_fail: closed
  sales:
    - dial:
        numbers: ["+13125550111"]
        on: { busy: closed, no-answer: closed }
  closed:
    - say: "We are closed."
    - hangup
  other_line:
    - redirect: { flow: other, step: start }
  forgotten:
    - say: "Nobody comes here."
on:
  call.completed:
    - notify: {}
  recording.completed:
    - job: { op: recordings.fetch, with: { recording_sid: "{{event.recording_sid}}" } }
`;
const other = `
flow: other
start: start
steps:
  start:
    - say: "Other."
`;

describe('flow graph', () => {
  const set = compileClean({ 'desk.yaml': desk, 'other.yaml': other }, { allowWarnings: true });
  const graph = flowGraph(set.flows.get('desk')!);

  it('when a flow is drawn, then there is a node per step with its actions, the start marked and an unreachable step marked', () => {
    const node = (id: string) => graph.nodes.find((n) => n.id === id);
    expect(graph.nodes.filter((n) => !n.external).map((n) => n.id)).toEqual(['welcome', 'menu', 'sales', 'closed', 'other_line', 'forgotten']);
    expect(node('welcome')).toMatchObject({ start: true, summary: 'say, branch' });
    expect(node('closed')).toMatchObject({ summary: 'say, hangup' });
    expect(node('forgotten')).toMatchObject({ unreachable: true });
    expect(node('closed')?.unreachable).toBeUndefined();
    expect(node('welcome')?.where).toMatch(/^flows\/desk\.yaml:\d+:\d+$/);
  });

  it('when steps name others, then each is an edge labelled with what takes it, another flow\'s step included', () => {
    expect(graph.edges.map((e) => `${e.from} -> ${e.to}: ${e.label}`)).toEqual([
      'welcome -> menu: if #1',
      'welcome -> closed: else',
      'menu -> sales: menu: 1',
      'menu -> other_line: menu: 2',
      'menu -> closed: menu: on_fail',
      'sales -> closed: dial: busy',
      'sales -> closed: dial: no-answer',
      'other_line -> other.start: goto',
    ]);
    expect(graph.nodes.find((n) => n.id === 'other.start')).toMatchObject({ external: true });
    expect(graph.hooks).toEqual(['call.completed: notify', 'recording.completed: recordings.fetch']);
  });

  it('when written as Mermaid or DOT, then every node and edge is there and quotes are escaped', () => {
    const mermaid = flowGraphMermaid(graph);
    expect(mermaid.startsWith('flowchart TD\n')).toBe(true);
    expect(mermaid.match(/-->/g)).toHaveLength(graph.edges.length);
    expect(mermaid).toContain('stroke-dasharray');
    const dot = flowGraphDot(graph);
    expect(dot).toContain('"welcome" -> "menu" [label="if #1"];');
    expect(dot).toContain('"forgotten" [label="forgotten\\nsay", style=dashed, color=gray50];');
    expect(dot).toContain('"(hooks)" [shape=note, label="on:\\ncall.completed: notify\\nrecording.completed: recordings.fetch"];');
    expect(mermaid).toContain('hooks{{"on:<br/>call.completed: notify<br/>recording.completed: recordings.fetch"}}');
  });

  it('when drawn as SVG (laid out by dagre), then each step is a group with its name, boxes do not overlap, and the start and unreachable steps are marked', () => {
    const svg = flowGraphSvg(graph);
    const steps = [...svg.matchAll(/<g class="([^"]*)" data-step="([^"]+)"[^>]*>\s*<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => ({
      classes: m[1]!.split(' '),
      id: m[2]!,
      box: { x: Number(m[3]), y: Number(m[4]), w: Number(m[5]), h: Number(m[6]) },
    }));
    expect(steps.map((s) => s.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(steps.find((s) => s.id === 'welcome')?.classes).toContain('start');
    expect(steps.find((s) => s.id === 'forgotten')?.classes).toContain('unreachable');
    expect(steps.find((s) => s.id === 'other.start')?.classes).toContain('external');
    for (const a of steps) {
      for (const b of steps) {
        if (a === b) continue;
        const apart = a.box.x + a.box.w <= b.box.x || b.box.x + b.box.w <= a.box.x || a.box.y + a.box.h <= b.box.y || b.box.y + b.box.h <= a.box.y;
        expect(apart).toBe(true);
      }
    }
    expect(svg.match(/<g class="edge"/g)).toHaveLength(graph.edges.length);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(svg).toContain('<text x="16"');
    expect(svg).toContain('recording.completed: recordings.fetch</text>');
    const html = flowGraphHtml(graph);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('when `texml-router graph` runs on the examples, then it prints the flow, or writes it with --out', async () => {
    let out = '';
    let err = '';
    const dir = await mkdtemp(join(tmpdir(), 'graph-'));
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), cwd: dir, readEnv: () => undefined };
    try {
      expect(await runGraph(['main-line', '--dir', examplesDir], io)).toBe(0);
      expect(out).toMatch(/^<svg /);
      expect(await runGraph(['main-line', '--dir', examplesDir, '--format', 'mermaid'], io)).toBe(0);
      expect(out).toContain('flowchart TD');
      expect(await runGraph(['main-line', '--dir', examplesDir, '--format', 'dot', '--out', 'main.dot'], io)).toBe(0);
      expect(await readFile(join(dir, 'main.dot'), 'utf8')).toMatch(/^digraph "main-line" \{/);
      expect(err).toMatch(/wrote main\.dot: \d+ steps, \d+ edges/);
      expect(await runGraph(['nope', '--dir', examplesDir], io)).toBe(2);
      expect(err).toContain("unknown flow 'nope'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
