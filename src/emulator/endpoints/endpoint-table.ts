import { PathPattern } from '../path-pattern';
import type { EmulatorEndpoint } from './emulator-endpoint';

export interface EndpointMatch {
  operation: EmulatorEndpoint;
  params: Record<string, string>;
  jsonSuffix: boolean;
}

/** Finds the operation for a method and a path under `/v2`; a trailing `.json` is optional unless the operation says otherwise. */
export class EndpointTable {
  private readonly entries: ReadonlyArray<{ operation: EmulatorEndpoint; pattern: PathPattern }>;

  constructor(operations: readonly EmulatorEndpoint[]) {
    const names = new Set<string>();
    this.entries = operations.map((operation) => {
      if (names.has(operation.name)) throw new Error(`Duplicate emulator operation name ${operation.name}`);
      names.add(operation.name);
      return { operation, pattern: new PathPattern(operation.path) };
    });
  }

  match(method: string, path: string): EndpointMatch | undefined {
    const jsonSuffix = /\.json\/?$/.test(path);
    const bare = path.replace(/\.json(\/?)$/, '$1');
    for (const { operation, pattern } of this.entries) {
      if (operation.method !== method.toUpperCase()) continue;
      if ((operation.suffix === 'json' && !jsonSuffix) || (operation.suffix === 'none' && jsonSuffix)) continue;
      const params = pattern.match(bare);
      if (params) return { operation, params, jsonSuffix };
    }
    return undefined;
  }

  names(): string[] {
    return this.entries.map((e) => e.operation.name);
  }

  list(): ReadonlyArray<Pick<EmulatorEndpoint, 'name' | 'method' | 'path' | 'suffix' | 'dial'>> {
    return this.entries.map(({ operation: { name, method, path, suffix, dial } }) => ({ name, method, path, suffix, dial }));
  }
}
