import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FlowDiagnostic } from '../source/flow-diagnostic';
import { issuesToDiagnostics } from '../source/schema-issues';
import { keysAtPath } from '../source/keys-at-path';
import { SourceFile } from '../source/source-file';
import { SCENARIO_KEYS, scenarioFileSchema, type Scenario } from './scenario-schema';

export interface ScenarioFile {
  path: string;
  /** The flow the file is named after (`main-line.scenarios.yaml` -> main-line). */
  flow: string | undefined;
  scenarios: Scenario[];
  /** Problems, each with file:line:column; the scenarios are empty when there is any error. */
  diagnostics: FlowDiagnostic[];
}

/** `NAME.scenarios.yaml` -> NAME. */
export function flowNameOf(path: string): string | undefined {
  return /^(.+)\.scenarios\.ya?ml$/.exec(basename(path))?.[1];
}

/** Parses and validates a scenario file's text; problems point at file:line:column. */
export function parseScenarioFile(path: string, text: string): ScenarioFile {
  const source = new SourceFile(path, text);
  const flow = flowNameOf(path);
  if (source.syntaxErrors.some((d) => d.severity === 'error')) return { path, flow, scenarios: [], diagnostics: source.syntaxErrors };
  const parsed = scenarioFileSchema.safeParse(source.data);
  if (!parsed.success) return { path, flow, scenarios: [], diagnostics: [...source.syntaxErrors, ...issuesToDiagnostics(source, parsed.error.issues, SCENARIO_KEYS, (at) => keysAtPath(scenarioFileSchema, at, source.data))] };
  const diagnostics = [...source.syntaxErrors];
  const seen = new Map<string, number>();
  parsed.data.forEach((scenario, index) => {
    const first = seen.get(scenario.name);
    if (first !== undefined) diagnostics.push(source.diagnostic([index, 'name'], 'error', `two scenarios are named '${scenario.name}' (the first is item ${first + 1})`, 'give each scenario its own name'));
    else seen.set(scenario.name, index);
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { path, flow, scenarios: [], diagnostics };
  return { path, flow, scenarios: parsed.data, diagnostics };
}

export async function loadScenarioFile(path: string, displayPath: string = path): Promise<ScenarioFile> {
  return parseScenarioFile(displayPath, await readFile(path, 'utf8'));
}
