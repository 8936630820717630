import dagre from '@dagrejs/dagre';
import { create, fragment } from 'xmlbuilder2';
import type { FlowGraph } from './flow-graph';

const FONT_SIZE = 12;
/** Average glyph width of the sans-serif font at FONT_SIZE, for sizing boxes without a browser. */
const CHAR_WIDTH = 7;
const PAD = 10;

/**
 * A flow graph laid out by dagre (a maintained layered-graph layout) and drawn as a self-contained
 * SVG: no fonts, scripts or styles from elsewhere. Each step is a `<g class="step" data-step=NAME>`,
 * so a page can find it; the start has a thick border, unreachable steps are dashed, steps of other
 * flows are grey.
 */
export function flowGraphSvg(graph: FlowGraph): string {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50, edgesep: 12, marginx: 16, marginy: 16 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const width = Math.max(node.id.length, node.summary.length) * CHAR_WIDTH + 2 * PAD;
    const height = node.summary ? 2 * FONT_SIZE + 3 * PAD : FONT_SIZE + 2 * PAD;
    layout.setNode(node.id, { width, height });
  }
  graph.edges.forEach((edge, i) => {
    layout.setEdge({ v: edge.from, w: edge.to, name: String(i) }, { width: edge.label.length * (CHAR_WIDTH - 1), height: FONT_SIZE, labelpos: 'c' });
  });
  dagre.layout(layout);
  const size = layout.graph();
  const hookLines = graph.hooks.length > 0 ? ['on:', ...graph.hooks] : [];
  const width = Math.ceil(Math.max(size.width ?? 0, ...hookLines.map((line) => line.length * CHAR_WIDTH + 32)));
  const graphHeight = Math.ceil(size.height ?? 0);
  const height = graphHeight + hookLines.length * (FONT_SIZE + 4);
  // Built with xmlbuilder2 (the builder under the TeXML one), which escapes every value.
  const svg = create().ele('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'sans-serif', 'font-size': FONT_SIZE, 'data-flow': graph.flow });
  svg
    .ele('defs')
    .ele('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' })
    .ele('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555' });
  graph.edges.forEach((edge, i) => {
    const laid = layout.edge({ v: edge.from, w: edge.to, name: String(i) });
    const points = (laid.points ?? []).map((p: { x: number; y: number }) => `${round(p.x)},${round(p.y)}`).join(' ');
    const g = svg.ele('g', { class: 'edge', 'data-from': edge.from, 'data-to': edge.to });
    g.ele('polyline', { points, fill: 'none', stroke: '#555', 'marker-end': 'url(#arrow)' });
    if (laid.x !== undefined && laid.y !== undefined) g.ele('text', { x: round(laid.x), y: round(laid.y), 'text-anchor': 'middle', fill: '#333', 'font-size': FONT_SIZE - 1 }).txt(edge.label);
  });
  for (const node of graph.nodes) {
    const laid = layout.node(node.id);
    const x = round(laid.x - laid.width / 2);
    const y = round(laid.y - laid.height / 2);
    const classes = ['step', node.start ? 'start' : '', node.unreachable ? 'unreachable' : '', node.external ? 'external' : ''].filter(Boolean).join(' ');
    const g = svg.ele('g', { class: classes, 'data-step': node.id, ...(node.where ? { 'data-where': node.where } : {}) });
    g.ele('rect', {
      x,
      y,
      width: round(laid.width),
      height: round(laid.height),
      rx: 6,
      fill: node.external ? '#f2f2f2' : node.unreachable ? '#fafafa' : '#fff',
      stroke: node.external ? '#999' : '#222',
      'stroke-width': node.start ? 3 : 1,
      ...(node.unreachable ? { 'stroke-dasharray': '5 4' } : {}),
    });
    g.ele('text', { x: round(laid.x), y: round(y + PAD + FONT_SIZE), 'text-anchor': 'middle', 'font-weight': 'bold' }).txt(node.id);
    if (node.summary) g.ele('text', { x: round(laid.x), y: round(y + 2 * PAD + 2 * FONT_SIZE), 'text-anchor': 'middle', fill: '#555' }).txt(node.summary);
  }
  // The flow's hooks, under the graph: they run on call events, not on a path through the steps.
  if (hookLines.length > 0) {
    const hooks = svg.ele('g', { class: 'hooks' });
    hookLines.forEach((line, i) => hooks.ele('text', { x: 16, y: graphHeight + (i + 1) * (FONT_SIZE + 4) - 4, fill: '#444' }).txt(line));
  }
  return `${svg.end({ headless: true, prettyPrint: true })}\n`;
}

/** A standalone page with the flow's SVG (works offline: nothing is fetched). */
export function flowGraphHtml(graph: FlowGraph): string {
  const steps = graph.nodes.filter((n) => !n.external).length;
  const page = create().ele('html', { lang: 'en' });
  const head = page.ele('head');
  head.ele('meta', { charset: 'utf-8' });
  head.ele('title').txt(`${graph.flow}: flow graph`);
  head.ele('style').txt('body{font-family:sans-serif;margin:24px}h1{font-size:18px}p{color:#555;font-size:13px}');
  const body = page.ele('body');
  body.ele('h1').txt(graph.flow);
  body.ele('p').txt(`${steps} steps, ${graph.edges.length} edges. Bold border: the start. Dashed: no path reaches the step. Grey: a step of another flow.`);
  body.import(fragment(flowGraphSvg(graph)));
  return `<!doctype html>\n${page.end({ headless: true, prettyPrint: true })}\n`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
