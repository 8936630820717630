/*
 * The studio's page for a flow of 100 steps (issue "See every flow", item 5): the service's work
 * (compile once, then graph + dagre layout + SVG per request) and, in Debian's chromium, the time
 * from opening the page to the graph drawn with every step. Usage: npx tsx bench/studio-graph.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { compileFlowSet } from '../src/flows/compile-flow-set';
import { flowGraph } from '../src/flows/flow-graph';
import { flowGraphSvg } from '../src/flows/flow-graph-svg';
import { createStudioApp } from '../src/http/create-studio-app';

const STEPS = 100;

/** A menu tree: every step offers two onward steps and a way back, so the graph has ~3 edges a step. */
function hundredStepFlow(): string {
  const lines = ['flow: big', 'start: s0', 'steps:'];
  for (let i = 0; i < STEPS; i++) {
    const a = 2 * i + 1 < STEPS ? `s${2 * i + 1}` : 'done';
    const b = 2 * i + 2 < STEPS ? `s${2 * i + 2}` : 'done';
    if (i === STEPS - 1) {
      lines.push(`  s${i}:`, '    - say: "Goodbye."', '    - hangup');
      continue;
    }
    lines.push(`  s${i}:`, '    - menu:', `        prompt: [{ say: "Step ${i}: press 1 or 2." }]`, `        options: { "1": ${a === 'done' ? `s${STEPS - 1}` : a}, "2": ${b === 'done' ? `s${STEPS - 1}` : b} }`, `        on_fail: s0`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const outcome = compileFlowSet(
    { flows: [{ path: 'flows/big.yaml', text: hundredStepFlow() }], routes: [{ path: 'routes/routes.yaml', text: 'default: { flow: big }\n' }] },
    { readEnv: () => undefined },
  );
  if (!outcome.set) throw new Error(outcome.diagnostics.map((d) => d.message).join('\n'));
  const flow = outcome.set.flows.get('big')!;
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = process.hrtime.bigint();
    flowGraphSvg(flowGraph(flow));
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const graph = flowGraph(flow);
  console.log(`studio-graph: a flow of ${flow.steps.size} steps and ${graph.edges.length} edges`);
  console.log(`server: graph + dagre layout + SVG, median ${runs[10]!.toFixed(1)} ms (min ${runs[0]!.toFixed(1)}, max ${runs[19]!.toFixed(1)}) over 20 runs`);

  const holder = { current: outcome.set };
  const server = createServer(createStudioApp({ flows: holder }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();
  const loads: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = Date.now();
    await page.goto(`${base}/studio?run=${i}#big`);
    await page.waitForFunction((steps) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('#graph g.step').length === steps, STEPS);
    loads.push(Date.now() - t);
  }
  loads.sort((a, b) => a - b);
  console.log(`browser (Debian chromium, headless): open /studio#big to all ${STEPS} steps drawn, median ${loads[3]} ms (min ${loads[0]}, max ${loads[6]}) over 7 loads; target under 1,000 ms: ${loads[3]! < 1000 ? 'met' : 'NOT met'}`);
  await browser.close();
  server.close();
}

void main();
