import { configVariables } from '../config';

/** The service's own configuration (FLOW_STATE_SECRET, ADMIN_TOKEN, TELNYX_API_KEY...): never a TeXML secret. */
const SERVICE_VARIABLES: ReadonlySet<string> = new Set(configVariables.map((variable) => variable.name));

/**
 * The secrets a `secrets.upsert` job may ship to Telnyx: the `secrets:` sections of the routes
 * files, each a secret name and the environment variable holding its value. A job naming any other
 * variable, or a declared variable under another secret's name, is refused, and so is any of the
 * service's own configuration variables even if a manifest declared it: an admin call must not be
 * able to send FLOW_STATE_SECRET (or any other variable of the process) to Telnyx.
 */
export class SecretsManifest {
  constructor(private readonly secrets: ReadonlyMap<string, { env: string }>) {}

  static of(set: { readonly secrets: ReadonlyMap<string, { env: string }> }): SecretsManifest {
    return new SecretsManifest(set.secrets);
  }

  /** What is wrong with shipping variable `env` as secret `name`, or undefined when the manifest declares exactly that. */
  problem(name: string, env: string): string | undefined {
    if (SERVICE_VARIABLES.has(env)) return `${env} is a configuration variable of this service, never a TeXML secret`;
    const declared = this.secrets.get(name);
    if (!declared) return `secret ${name} (from ${env}) is not declared in the secrets manifest (secrets: in the routes files)${this.known()}`;
    if (declared.env !== env) return `${env} is not the variable the secrets manifest declares for secret ${name} (it declares ${declared.env})`;
    return undefined;
  }

  /** The part of `problem` that needs no manifest: the service's own variables. */
  static serviceVariableProblem(env: string): string | undefined {
    return SERVICE_VARIABLES.has(env) ? `${env} is a configuration variable of this service, never a TeXML secret` : undefined;
  }

  private known(): string {
    return this.secrets.size === 0 ? '; it declares none' : `; declared: ${[...this.secrets.keys()].join(', ')}`;
  }
}
