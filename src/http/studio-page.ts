import { create } from 'xmlbuilder2';

/**
 * The studio's one page: the flows on the left, the chosen flow's graph (an SVG the service draws)
 * in the middle, a step's TeXML on the right when it is clicked, and the last load's problems on
 * top. Plain HTML with a small inline script: nothing is fetched from elsewhere, nothing is built.
 */
export function studioPage(model: { flows: { name: string; steps: number; file: string }[]; routes: { route: string; flow: string }[]; problems: string[]; loadedAt: string | null }): string {
  const page = create().ele('html', { lang: 'en' });
  const head = page.ele('head');
  head.ele('meta', { charset: 'utf-8' });
  head.ele('title').txt('texml-router studio');
  head.ele('style').txt(STYLE);
  const body = page.ele('body');
  body.ele('h1').txt('texml-router studio');
  const problems = body.ele('section', { id: 'problems' });
  if (model.problems.length === 0) problems.ele('p', { class: 'ok' }).txt(`Flows loaded${model.loadedAt ? ` at ${model.loadedAt}` : ''}: no problems.`);
  else {
    problems.ele('p', { class: 'bad' }).txt(`The last load failed (the previous flows keep serving): ${model.problems.length} problem(s).`);
    const list = problems.ele('ul');
    for (const line of model.problems) list.ele('li').ele('code').txt(line);
  }
  const main = body.ele('main');
  const side = main.ele('nav');
  side.ele('h2').txt('Flows');
  const nav = side.ele('ul', { id: 'flows' });
  for (const flow of model.flows) {
    nav.ele('li').ele('a', { href: `#${flow.name}`, 'data-flow': flow.name }).txt(`${flow.name} (${flow.steps} steps)`);
  }
  side.ele('h2').txt('Routes');
  const routes = side.ele('ol', { id: 'routes' });
  for (const route of model.routes) routes.ele('li').txt(`${route.route} → ${route.flow}`);
  const windowSelect = side.ele('label').txt('Traffic over ').ele('select', { id: 'window' });
  for (const [hours, label] of [[1, 'the last hour'], [24, 'the last 24 hours'], [168, 'the last 7 days']] as const) windowSelect.ele('option', { value: hours, ...(hours === 24 ? { selected: 'selected' } : {}) }).txt(label);
  const centre = main.ele('div', { id: 'centre' });
  centre.ele('p', { id: 'coverage' });
  centre.ele('div', { id: 'graph' }).ele('p').txt('Choose a flow.');
  const aside = main.ele('aside');
  const call = aside.ele('form', { id: 'call-form' });
  call.ele('label', { for: 'call-sid' }).txt('A call on the graph: ');
  call.ele('input', { id: 'call-sid', name: 'sid', placeholder: 'CallSid (v3:...)', size: 30 });
  call.ele('button', { type: 'submit' }).txt('Show its path');
  aside.ele('p', { id: 'call-status' });
  aside.ele('h2').txt('Campaigns');
  aside.ele('ul', { id: 'campaigns' });
  aside.ele('h2', { id: 'step-title' }).txt('Step');
  aside.ele('pre', { id: 'texml' }).txt('Click a step to see the TeXML it renders.');
  // A file of its own, not inline: markup escaping would break it, and the CSP allows 'self' only.
  body.ele('script', { src: 'studio/studio.js' });
  // Empty elements as <tag></tag>: HTML does not read <script .../> as closed.
  return `<!doctype html>\n${page.end({ headless: true, allowEmptyTags: true })}\n`;
}

const STYLE = [
  'body{font-family:sans-serif;margin:16px;color:#222}',
  'h1{font-size:18px}',
  'main{display:flex;gap:16px;align-items:flex-start}',
  'nav{min-width:200px}nav h2{font-size:14px;margin:8px 0 4px}nav ol{padding-left:20px;font-size:13px;color:#444}nav ul{list-style:none;padding:0}nav a{display:block;padding:4px 6px;color:#135;text-decoration:none}nav a.current{background:#e8eef8;font-weight:bold}',
  '#graph{overflow:auto;border:1px solid #ddd;min-height:200px}',
  'aside{width:420px}aside h2{font-size:14px;word-break:break-all}pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:8px;border:1px solid #ddd}',
  '#centre{flex:1;min-width:0}g.step.uncovered rect{stroke:#c22;stroke-dasharray:2 3}g.edge.uncovered polyline{stroke:#c22;stroke-dasharray:2 3}',
  'g.step{cursor:pointer}g.step.selected rect{fill:#fff5d6}g.step.path rect{stroke:#0a58ca;stroke-width:3}g.edge.path polyline{stroke:#0a58ca;stroke-width:3}',
  '.ok{color:#161}.bad{color:#a11}',
].join('\n');

/** The page's behaviour: load a flow's graph, and a step's TeXML on click. Text goes in with
 * textContent (never innerHTML) except the SVG the service itself drew. Served at /studio/studio.js. */
export const STUDIO_SCRIPT = `
const graph = document.getElementById('graph');
const texml = document.getElementById('texml');
const title = document.getElementById('step-title');
async function show(flow) {
  for (const a of document.querySelectorAll('#flows a')) a.classList.toggle('current', a.dataset.flow === flow);
  const res = await fetch('studio/flows/' + encodeURIComponent(flow) + '/graph.svg', { credentials: 'same-origin' });
  graph.innerHTML = res.ok ? await res.text() : '';
  graph.dataset.flow = flow;
  const coverage = await fetch('studio/flows/' + encodeURIComponent(flow) + '/coverage', { credentials: 'same-origin' });
  const covered = document.getElementById('coverage');
  covered.textContent = '';
  if (coverage.ok) {
    const c = await coverage.json();
    covered.textContent = 'Scenario coverage: ' + c.percent + '% (dotted red: no scenario reached the step or took the edge)';
    for (const g of graph.querySelectorAll('g.step')) g.classList.toggle('uncovered', c.steps.missed.includes(g.dataset.step));
    const missed = new Set(c.edges.missed);
    for (const e of graph.querySelectorAll('g.edge')) e.classList.toggle('uncovered', missed.has(e.dataset.from + ' -> ' + e.dataset.to));
  }
  const hours = document.getElementById('window').value;
  const traffic = await fetch('studio/flows/' + encodeURIComponent(flow) + '/traffic?hours=' + hours, { credentials: 'same-origin' });
  if (!traffic.ok) return;
  const counts = await traffic.json();
  for (const g of graph.querySelectorAll('g.step')) {
    const step = flow + '.' + g.dataset.step;
    const rect = g.querySelector('rect');
    if (!rect) continue;
    const note = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    note.setAttribute('class', 'traffic');
    note.setAttribute('x', String(Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')) / 2));
    note.setAttribute('y', String(Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')) + 12));
    note.setAttribute('text-anchor', 'middle');
    note.setAttribute('fill', '#136');
    const visits = counts.visits[step] || 0;
    const ended = counts.ended[step] || 0;
    // Drop-off: of the documents that reached the step, how many calls hung up there.
    note.textContent = visits + ' visits, ' + ended + ' ended here' + (visits > 0 ? ' (' + Math.round((100 * ended) / visits) + '%)' : '');
    g.appendChild(note);
  }
}
graph.addEventListener('click', async (event) => {
  const step = event.target.closest('g.step');
  if (!step || step.classList.contains('external')) return;
  for (const g of graph.querySelectorAll('g.step.selected')) g.classList.remove('selected');
  step.classList.add('selected');
  const flow = graph.dataset.flow;
  title.textContent = flow + '.' + step.dataset.step + (step.dataset.where ? ' (' + step.dataset.where + ')' : '');
  const res = await fetch('studio/flows/' + encodeURIComponent(flow) + '/steps/' + encodeURIComponent(step.dataset.step), { credentials: 'same-origin' });
  const answer = await res.json();
  texml.textContent = res.ok ? answer.texml + '\\n\\nsteps: ' + answer.trail.join(' -> ') + '\\nends: ' + answer.ending : answer.message;
});
window.addEventListener('hashchange', () => show(decodeURIComponent(location.hash.slice(1))));
document.getElementById('window').addEventListener('change', () => graph.dataset.flow && show(graph.dataset.flow));
document.getElementById('call-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = document.getElementById('call-status');
  const sid = document.getElementById('call-sid').value.trim();
  const res = await fetch('studio/calls/' + encodeURIComponent(sid), { credentials: 'same-origin' });
  const call = await res.json();
  if (!res.ok) { status.textContent = call.message; return; }
  const flow = (call.steps[0] || '').split('.')[0] || call.flow;
  if (flow && graph.dataset.flow !== flow) await show(flow);
  const local = call.steps.filter((s) => s.startsWith(flow + '.')).map((s) => s.slice(flow.length + 1));
  for (const g of graph.querySelectorAll('g.step')) g.classList.toggle('path', local.includes(g.dataset.step));
  const pairs = new Set(local.slice(1).map((s, i) => local[i] + '>' + s));
  for (const e of graph.querySelectorAll('g.edge')) e.classList.toggle('path', pairs.has(e.dataset.from + '>' + e.dataset.to));
  status.textContent = call.callSid + ' (' + (call.status || 'in progress') + '): ' + call.steps.join(' -> ');
});
(async () => {
  const list = document.getElementById('campaigns');
  const res = await fetch('studio/campaigns', { credentials: 'same-origin' });
  if (!res.ok) { list.textContent = 'no campaigns here (no Redis)'; return; }
  const { campaigns } = await res.json();
  if (campaigns.length === 0) list.textContent = 'none';
  for (const c of campaigns) {
    const li = document.createElement('li');
    li.textContent = c.name + ' (' + c.id + '): ' + c.state + ', ' + c.done + ' of ' + c.total + ' done';
    list.appendChild(li);
  }
})();
const first = location.hash ? decodeURIComponent(location.hash.slice(1)) : (document.querySelector('#flows a') || {}).dataset?.flow;
if (first) show(first);
`;
