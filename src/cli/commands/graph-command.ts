import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { flowGraph, flowGraphDot, flowGraphMermaid, type FlowGraph } from '../../flows/flow-graph';
import { flowGraphHtml, flowGraphSvg } from '../../flows/flow-graph-svg';
import { processIo, runCommand, type CliIo } from '../cli-io';
import { compileFlowForCommand } from './validate-command';

type GraphFormat = 'svg' | 'html' | 'mermaid' | 'dot';

const writers: Record<GraphFormat, (graph: FlowGraph) => string> = { svg: flowGraphSvg, html: flowGraphHtml, mermaid: flowGraphMermaid, dot: flowGraphDot };

interface GraphOptions {
  format: GraphFormat;
  out?: string;
  dir: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Runs `graph` with the arguments after the command name; resolves to the exit code. */
export function runGraph(args: readonly string[], io: CliIo): Promise<number> {
  return runCommand((setExitCode) => createGraphCommand(io, setExitCode), args);
}

export function createGraphCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('graph')
    .description("draw a flow from the compiled set: a node per step, an edge per place an action names a step (labelled with what takes it); unreachable steps dashed")
    .argument('<flow>', 'the flow name')
    .addOption(new Option('--format <format>', 'svg or html (laid out here), mermaid (GitHub, editors) or dot (Graphviz)').choices(['svg', 'html', 'mermaid', 'dot']).default('svg'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--dir <path>', 'project directory, or flows and routes directories (repeatable; default: ./flows and ./routes)', collect, [])
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (flow: string, options: GraphOptions) => {
      setExitCode(await graph(flow, options, io));
    });
}

async function graph(flowName: string, options: GraphOptions, io: CliIo): Promise<number> {
  const found = await compileFlowForCommand('graph', flowName, options.dir, io, new Date());
  if (typeof found === 'number') return found;
  const drawn = flowGraph(found.flow);
  const text = writers[options.format](drawn);
  if (options.out === undefined) {
    io.out(text);
    return 0;
  }
  await writeFile(resolve(io.cwd, options.out), text, 'utf8');
  io.err(`wrote ${options.out}: ${drawn.nodes.length} steps, ${drawn.edges.length} edges\n`);
  return 0;
}

export function registerGraphCommand(program: Command): void {
  program.addCommand(createGraphCommand(processIo, (code) => (process.exitCode = code)));
}
