import type { CompiledAction, CompiledFlow, StepTarget } from './compiled-flow';

export interface FlowGraphNode {
  /** The step name (a step of another flow: `flow.step`). */
  id: string;
  /** The kinds of the step's actions, in order (`say, menu`); empty for another flow's step. */
  summary: string;
  /** Where the step is written (file:line:col), for this flow's steps. */
  where?: string;
  start?: true;
  /** No edge from the start reaches it. */
  unreachable?: true;
  /** A step of another flow, reached by a goto or an outcome that names the flow. */
  external?: true;
}

export interface FlowGraphEdge {
  from: string;
  to: string;
  /** What takes the call there: a menu option, a dial outcome, on_fail, a branch, goto... */
  label: string;
}

export interface FlowGraph {
  flow: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
  /** The flow's `on:` hooks, one line each: `call.completed: notify, recordings.fetch`. */
  hooks: string[];
}

/** Path segments that say nothing about why the call moves on. */
const SILENT = new Set(['target', 'input', 'arms']);
/** Compiled field names as the flow author writes them. */
const AUTHOR_NAMES: Readonly<Record<string, string>> = { onFail: 'on_fail', onTimeout: 'timeout', then: 'then', otherwise: 'else', wait: 'wait step', options: '', keywords: '', on: '' };

/**
 * The graph of a compiled flow: one node per step, an edge for every place an action names a step
 * (found in the compiled actions themselves, so every step kind's targets are drawn without the
 * graph knowing the kinds), labelled with what takes it. A pure function of the compiled flow.
 */
export function flowGraph(flow: CompiledFlow): FlowGraph {
  const nodes = new Map<string, FlowGraphNode>();
  const edges: FlowGraphEdge[] = [];
  for (const step of flow.steps.values()) {
    nodes.set(step.name, {
      id: step.name,
      summary: step.actions.flatMap(actionSummary).join(', '),
      ...(step.actions[0] ? { where: step.actions[0].where } : {}),
      ...(step.name === flow.start ? { start: true as const } : {}),
    });
  }
  for (const step of flow.steps.values()) {
    step.actions.forEach((action, index) => {
      for (const { target, path } of stepTargets(action, [])) {
        const to = target.flow && target.flow !== flow.name ? `${target.flow}.${target.step}` : target.step;
        if (!nodes.has(to)) nodes.set(to, { id: to, summary: '', external: true });
        edges.push({ from: step.name, to, label: edgeLabel(action.kind, path, index) });
      }
    });
  }
  const reached = new Set<string>([flow.start]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const edge of edges) {
      if (reached.has(edge.from) && !reached.has(edge.to)) {
        reached.add(edge.to);
        grew = true;
      }
    }
  }
  for (const node of nodes.values()) if (!node.external && !reached.has(node.id)) node.unreachable = true;
  const hooks = [...flow.hooks].map(([event, actions]) => `${event}: ${actions.map((hook) => (hook.kind === 'job' ? hook.job.op : 'notify')).join(', ')}`);
  return { flow: flow.name, nodes: [...nodes.values()], edges, hooks };
}

/** What an action says: the TeXML verbs it plays (say, play, ...), or its kind (menu, dial, goto...). */
function actionSummary(action: CompiledAction): string[] {
  if ((action.kind === 'emit' || action.kind === 'end') && 'fragment' in action) {
    const verbs = action.fragment.template.topLevelVerbs().map((verb) => verb.toLowerCase());
    if (verbs.length > 0) return verbs;
  }
  return [action.kind];
}

function isStepTarget(value: unknown): value is StepTarget {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map) return false;
  const keys = Object.keys(value);
  return typeof (value as { step?: unknown }).step === 'string' && keys.every((key) => key === 'step' || key === 'flow');
}

/** Every step target inside a compiled action, with the path of fields and keys that leads to it. */
function* stepTargets(value: unknown, path: string[]): Generator<{ target: StepTarget; path: string[] }> {
  if (isStepTarget(value)) {
    yield { target: value, path };
    return;
  }
  if (value instanceof Map) {
    for (const [key, entry] of value) yield* stepTargets(entry, [...path, String(key)]);
    return;
  }
  if (Array.isArray(value)) {
    // A [keyword, target] pair is labelled by its keyword.
    if (value.length === 2 && typeof value[0] === 'string' && isStepTarget(value[1])) {
      yield { target: value[1], path: [...path, `"${value[0]}"`] };
      return;
    }
    for (const [i, entry] of value.entries()) yield* stepTargets(entry, [...path, `#${i + 1}`]);
    return;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, entry] of Object.entries(value)) if (key !== 'where') yield* stepTargets(entry, [...path, key]);
  }
}

function edgeLabel(kind: string, path: string[], index: number): string {
  const words = path.filter((segment) => !SILENT.has(segment)).map((segment) => AUTHOR_NAMES[segment] ?? segment).filter((segment) => segment !== '');
  if (kind === 'branch') return words[0]?.startsWith('#') ? `if ${words[0]}` : (words[0] ?? 'else');
  // A list position says nothing once a keyword names the entry.
  if (words.some((word) => word.startsWith('"'))) words.splice(0, words.length, ...words.filter((word) => !word.startsWith('#')));
  if (kind === 'goto') return 'goto';
  const detail = words.join(' ');
  return detail ? `${kind}: ${detail}` : `${kind} (action ${index + 1})`;
}

/** Mermaid flowchart text (GitHub and many editors draw it). */
export function flowGraphMermaid(graph: FlowGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const text = (value: string) => value.replace(/"/g, '#quot;');
  const lines = ['flowchart TD'];
  for (const node of graph.nodes) {
    const label = node.summary ? `${node.id}<br/><small>${node.summary}</small>` : node.id;
    lines.push(node.external ? `  ${ids.get(node.id)}[["${text(label)}"]]` : `  ${ids.get(node.id)}["${text(label)}"]`);
  }
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} -->|"${text(edge.label)}"| ${ids.get(edge.to)}`);
  if (graph.hooks.length > 0) lines.push(`  hooks{{"${text(['on:', ...graph.hooks].join('<br/>'))}"}}`);
  const start = graph.nodes.find((node) => node.start);
  if (start) lines.push(`  style ${ids.get(start.id)} stroke-width:3px`);
  for (const node of graph.nodes) if (node.unreachable) lines.push(`  style ${ids.get(node.id)} stroke-dasharray: 5 5`);
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT text (`dot -Tsvg`). */
export function flowGraphDot(graph: FlowGraph): string {
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = [`digraph ${quote(graph.flow)} {`, '  node [shape=box, fontname="Helvetica"];'];
  for (const node of graph.nodes) {
    const attributes = [`label=${quote(node.summary ? `${node.id}\n${node.summary}` : node.id)}`];
    if (node.start) attributes.push('penwidth=3');
    if (node.unreachable) attributes.push('style=dashed', 'color=gray50');
    if (node.external) attributes.push('shape=component');
    lines.push(`  ${quote(node.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}];`);
  if (graph.hooks.length > 0) lines.push(`  "(hooks)" [shape=note, label=${quote(['on:', ...graph.hooks].join('\n'))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
