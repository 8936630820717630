import { SecretsManifest } from '../jobs/secrets-manifest';
import { loadFlowSet, type FlowDirectories } from './load-flow-set';

/** Reads the routes files now (the worker does this per job: secrets jobs are rare, the files may change). */
export async function loadSecretsManifest(dirs: FlowDirectories): Promise<SecretsManifest> {
  const outcome = await loadFlowSet(dirs, { readEnv: () => undefined });
  if (!outcome.set) throw new Error(`the secrets manifest cannot be read: the flows in ${dirs.flowsDir} and ${dirs.routesDir} do not load`);
  return SecretsManifest.of(outcome.set);
}
