import type { CompiledFlowSet } from '../flows/compiled-flow';
import { flowGraph } from '../flows/flow-graph';
import type { ScenarioResult } from './scenario-result';

/** What the scenarios exercised of one flow: its steps, and its graph's edges (by the steps they join). */
export interface FlowCoverage {
  flow: string;
  steps: { total: number; covered: number; missed: string[] };
  edges: { total: number; covered: number; missed: string[] };
  /** Steps and edges together, 0..100 (one decimal). */
  percent: number;
}

/**
 * Coverage of the flows the scenarios passed through. A step is covered when a scenario's call
 * rendered it; an edge (`from -> to` of `texml-router graph`) when the call went from one step
 * straight to the other, in one document or from a waiting step to the next document. Edges are
 * counted by the steps they join: a dial's busy and no-answer that both lead to voicemail are one
 * edge, covered by either outcome.
 */
export function scenarioCoverage(set: CompiledFlowSet, results: readonly ScenarioResult[]): FlowCoverage[] {
  const visited = new Set<string>();
  const moves = new Set<string>();
  const touched = new Set<string>();
  for (const result of results) {
    result.steps.forEach((step, i) => {
      visited.add(step);
      touched.add(step.slice(0, step.indexOf('.')));
      const next = result.steps[i + 1];
      if (next !== undefined) moves.add(`${step} -> ${next}`);
    });
  }
  const out: FlowCoverage[] = [];
  for (const name of [...touched].sort()) {
    const flow = set.flows.get(name);
    if (!flow) continue;
    const graph = flowGraph(flow);
    const qualified = (id: string) => (graph.nodes.find((n) => n.id === id)?.external ? id : `${name}.${id}`);
    const stepNames = graph.nodes.filter((n) => !n.external).map((n) => n.id);
    const edgeNames = [...new Set(graph.edges.map((e) => `${qualified(e.from)} -> ${qualified(e.to)}`))];
    const missedSteps = stepNames.filter((step) => !visited.has(`${name}.${step}`));
    const missedEdges = edgeNames.filter((edge) => !moves.has(edge));
    const total = stepNames.length + edgeNames.length;
    const covered = total - missedSteps.length - missedEdges.length;
    out.push({
      flow: name,
      steps: { total: stepNames.length, covered: stepNames.length - missedSteps.length, missed: missedSteps },
      edges: { total: edgeNames.length, covered: edgeNames.length - missedEdges.length, missed: missedEdges.map((edge) => edge.replaceAll(`${name}.`, '')) },
      percent: total === 0 ? 100 : Math.round((1000 * covered) / total) / 10,
    });
  }
  return out;
}

/** One block per flow: the figures, then what no scenario reached. */
export function formatCoverage(coverage: readonly FlowCoverage[]): string {
  return coverage
    .map((c) => {
      const lines = [`coverage ${c.flow}: ${c.percent}% (steps ${c.steps.covered}/${c.steps.total}, edges ${c.edges.covered}/${c.edges.total})`];
      if (c.steps.missed.length > 0) lines.push(`  steps no scenario reached: ${c.steps.missed.join(', ')}`);
      if (c.edges.missed.length > 0) lines.push(`  edges no scenario took: ${c.edges.missed.join('; ')}`);
      return lines.join('\n');
    })
    .join('\n');
}
