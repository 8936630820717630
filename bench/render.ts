/**
 * Flow render benchmark: answering a webhook with a compiled flow (renderFlow over the example
 * flows in flows/) against building the same TeXML documents per request with twilio's
 * `twiml.VoiceResponse`, the way a hand-written webhook handler would.
 *
 * One op = one document. Each op takes the next example step (every step of every example, in
 * turn) and the next of 16 callers and state tokens, so the caller's number and the action URLs
 * change on every request for both contenders. The twilio side is given the document's recipe
 * ahead of time (verbs, attribute names, static text, where the per-request values go) and per
 * request only fills the values in and calls VoiceResponse's methods: it does no flow logic at all,
 * which favours it. Before timing, every document is checked to be the same for both (parsed trees).
 * Contenders are interleaved and rotated each round after a warm-up round; figures are medians.
 *
 *   npx tsx bench/render.ts [--rounds 9] [--ms 400]     (npm run bench:render)
 */
import os from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import twilio from 'twilio';
import { compileFlowSet } from '../src/flows/compile-flow-set';
import type { CompiledFlowSet } from '../src/flows/compiled-flow';
import { renderFlow } from '../src/flows/flow-interpreter';
import type { FlowLinks, FlowState } from '../src/state/flow-state';
import { readFlowSources } from '../src/flows/load-flow-set';
import { callFromParameters } from '../src/templates/call-context';
import type { TemplateContext } from '../src/templates/template-scope';
import { medianOpsPerSecond, option } from './support/measure';

const ROUNDS = option('rounds', 9);
const ROUND_MS = option('ms', 400);
/** Monday 10:00 in Chicago: business hours are open. */
const NOW = new Date('2026-03-02T16:00:00Z');

// ---- The per-request values: 16 callers and 16 state tokens, taken in turn. -----------------
const CALLERS = Array.from({ length: 16 }, (_, i) => `+1312555${String(1000 + i * 37).padStart(4, '0')}`);
const TOKENS = Array.from({ length: 16 }, (_, i) => `tok${i}.${'x'.repeat(40)}`);
const calls: TemplateContext['call'][] = CALLERS.map((from, i) =>
  callFromParameters({ CallSid: `v3:bench-${i}`, From: from, To: '+13125550100', CallerId: from, CallStatus: 'in-progress', Direction: 'inbound', AnsweredBy: 'human' }),
);
const linksFor = (token: string): FlowLinks => ({
  action: (state: FlowState, event?: string) => `https://voice.example.com/voice/step?state=${token}.${state.step}.${state.action}.${state.retries}.${state.leg}${event ? `&event=${event}` : ''}`,
  queueWait: (_state: FlowState, wait: { flow: string; step: string }) => `https://voice.example.com/voice/queue-wait?state=${token}.${wait.flow}.${wait.step}`,
  callback: (kind, flow) => `https://voice.example.com/callbacks/${kind}?flow=${flow}`,
});
const links = TOKENS.map(linksFor);

// ---- The contenders. ------------------------------------------------------------------------
interface Step {
  flow: string;
  step: string;
  vars: Record<string, string>;
  recipe: RecipeNode[];
}

/** Ours: the compiled flow renders the step (templates, branches, inlined gotos, escaping). */
function ours(set: CompiledFlowSet, step: Step, turn: number): string {
  return renderFlow(set, { flow: step.flow, step: step.step, vars: step.vars }, { call: calls[turn]!, input: {}, now: NOW, links: links[turn]! }).texml;
}

/** A value of the document: static text, or text with the caller's number / token spliced in. */
type RecipeValue = string | { parts: string[]; holes: ('from' | 'formatted' | 'token')[] };
interface RecipeNode {
  name: string;
  attributes: [string, RecipeValue][];
  text?: RecipeValue;
  children: RecipeNode[];
}

type TwimlNode = Record<string, unknown> & { addChild(tag: string, attributes?: object): TwimlNode };

/** Twilio: VoiceResponse builds the document; only the per-request values are computed. */
function theirs(step: Step, turn: number): string {
  const values = { from: CALLERS[turn]!, formatted: calls[turn]!.from_formatted!, token: TOKENS[turn]! };
  const fill = (value: RecipeValue): string => {
    if (typeof value === 'string') return value;
    let out = value.parts[0]!;
    for (let i = 0; i < value.holes.length; i++) out += values[value.holes[i]!] + value.parts[i + 1]!;
    return out;
  };
  const response = new twilio.twiml.VoiceResponse() as unknown as TwimlNode;
  const add = (parent: TwimlNode, node: RecipeNode): void => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of node.attributes) attributes[name] = fill(value);
    const method = node.name.charAt(0).toLowerCase() + node.name.slice(1);
    const typed = parent[method];
    let child: TwimlNode;
    if (typeof typed === 'function') {
      child = (node.text === undefined ? typed.call(parent, attributes) : typed.call(parent, attributes, fill(node.text))) as TwimlNode;
    } else {
      // Verbs twilio does not know (Start>Recording, Suppression): its generic element.
      child = parent.addChild(node.name, attributes);
    }
    for (const grandchild of node.children) add(child, grandchild);
  };
  for (const node of step.recipe) add(response, node);
  return String(response);
}

// ---- Setup: load the examples, derive each step's recipe from a reference render. ------------
interface XmlTree {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlTree[];
}

function parseXml(xml: string): XmlTree {
  const root: XmlTree = { name: '#document', attributes: {}, text: '', children: [] };
  const stack = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const node: XmlTree = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, text: '', children: [] };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => void (stack.at(-1)!.text += text));
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root.children[0]!;
}

function recipeValue(value: string): RecipeValue {
  const markers: Record<string, 'from' | 'formatted' | 'token'> = { [CALLERS[0]!]: 'from', [calls[0]!.from_formatted!]: 'formatted', [TOKENS[0]!]: 'token' };
  const pattern = new RegExp(Object.keys(markers).map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const parts: string[] = [];
  const holes: ('from' | 'formatted' | 'token')[] = [];
  let last = 0;
  for (const match of value.matchAll(pattern)) {
    parts.push(value.slice(last, match.index));
    holes.push(markers[match[0]]!);
    last = match.index + match[0].length;
  }
  parts.push(value.slice(last));
  return holes.length === 0 ? value : { parts, holes };
}

function recipeOf(tree: XmlTree): RecipeNode[] {
  const convert = (node: XmlTree): RecipeNode => ({
    name: node.name,
    attributes: Object.entries(node.attributes).map(([name, value]) => [name, recipeValue(value)]),
    ...(node.children.length === 0 && node.text !== '' ? { text: recipeValue(node.text) } : {}),
    children: node.children.map(convert),
  });
  return tree.children.map(convert);
}

async function main(): Promise<void> {
  // The examples as shipped (their copy: flows/ is the user's).
  const root = join(__dirname, '..', 'test', 'fixtures', 'examples');
  const sources = await readFlowSources({ flowsDir: join(root, 'flows'), routesDir: join(root, 'routes'), baseDir: root });
  const { set, diagnostics } = compileFlowSet(sources, { readEnv: () => undefined, now: NOW });
  if (!set) throw new Error(`the examples do not load: ${JSON.stringify(diagnostics)}`);

  const steps: Step[] = [];
  for (const flow of set.flows.values()) {
    for (const step of flow.steps.keys()) {
      const vars: Record<string, string> = flow.name === 'conference-bridge' ? { meeting: '123456' } : {};
      const partial: Step = { flow: flow.name, step, vars, recipe: [] };
      partial.recipe = recipeOf(parseXml(ours(set, partial, 0)));
      steps.push(partial);
    }
  }

  // Both contenders must build the same document for every step and every caller.
  for (const step of steps) {
    for (let turn = 0; turn < 16; turn++) {
      const a = JSON.stringify(parseXml(ours(set, step, turn)));
      const b = JSON.stringify(parseXml(theirs(step, turn)));
      if (a !== b) throw new Error(`${step.flow}.${step.step} (caller ${turn}) differs:\nours:   ${ours(set, step, turn)}\ntwilio: ${theirs(step, turn)}`);
    }
  }

  let cursor = 0;
  const contenders: [string, (step: Step, turn: number) => string][] = [
    ['ours: renderFlow (compiled flows)', (step, turn) => ours(set, step, turn)],
    ['twilio: VoiceResponse per request', theirs],
  ];
  // Every op takes the next step and caller, in turn across all contenders.
  const operations = contenders.map(([, build]) => () => {
    cursor = (cursor + 1) % (steps.length * 16);
    return build(steps[cursor % steps.length]!, cursor & 15).length;
  });
  const [oursOps, twilioOps] = medianOpsPerSecond(operations, ROUNDS, ROUND_MS) as [number, number];
  const cpu = os.cpus();
  const verbsPerDoc = steps.reduce((n, s) => n + s.recipe.length, 0) / steps.length;
  console.log(`render: ${steps.length} example steps from ${set.flows.size} flows (${verbsPerDoc.toFixed(1)} verbs per document on average), ${ROUNDS} rounds x ${ROUND_MS} ms per contender, median ops/s (1 op = one document)`);
  console.log(`node ${process.version}, ${cpu.length} cpus (${cpu[0]?.model ?? 'unknown'}), ${os.platform()} ${os.arch()}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`${contenders[0]![0].padEnd(40)} ${Math.round(oursOps).toLocaleString('en-US').padStart(10)} ops/s  ${(oursOps / twilioOps).toFixed(2)}x twilio`);
  console.log(`${contenders[1]![0].padEnd(40)} ${Math.round(twilioOps).toLocaleString('en-US').padStart(10)} ops/s  1.00x`);
  console.log(`ratio: ${(oursOps / twilioOps).toFixed(2)}x (target >= 3x) ${oursOps / twilioOps >= 3 ? 'met' : 'NOT met'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
