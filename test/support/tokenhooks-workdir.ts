import { join } from "node:path";
import type { Emulator } from "../../src/emulator";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../../src/provider/address";
import type { Engine } from "./engines";
import { TfWorkdir, type RunningEngine, type RunOptions, type RunResult } from "./tf-workdir";

/**
 * A working directory with the bundled tokenhooks plugin in its implied mirror, bound to one
 * engine and one emulator: the pieces every end-to-end test of the provider repeats.
 */

/** The plugin executable jest's global setup bundles. */
export const PLUGIN_PATH = join(__dirname, "../../dist/terraform-provider-tokenhooks.js");

/** Resource blocks by type, then by name. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A `main.tf.json` using the tokenhooks provider (configured by `provider`, else by the environment). */
export function tokenhooksConfig(resources: Resources, provider: Record<string, unknown> | Record<string, unknown>[] = {}): Record<string, unknown> {
  return {
    terraform: { required_providers: { tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
    provider: { tokenhooks: provider },
    ...(Object.keys(resources).length > 0 ? { resource: resources } : {}),
  };
}

/** The provider's credentials and addresses for the emulator, as environment variables. */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
  const { clientId, clientSecret } = emulator.seeded.infisical;
  return {
    TFE_ADDRESS: emulator.tfcAddress,
    TFE_TOKEN: emulator.seeded.ownerUserToken,
    INFISICAL_HOST: emulator.infisicalHost,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: clientId,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: clientSecret,
  };
}

/** One resource instance as `show -json` reports it. */
export interface ShownResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
  readonly sensitive_values: Record<string, unknown>;
}

export class TokenhooksWorkdir {
  private constructor(
    readonly work: TfWorkdir,
    readonly engine: Engine,
    private readonly env: () => Record<string, string>,
  ) {}

  /** Creates the directory, installs the plugin and writes `config`; call {@link init} next. */
  static create(prefix: string, engine: Engine, env: () => Record<string, string>, config: unknown): TokenhooksWorkdir {
    const work = TfWorkdir.create(`${prefix}-${engine.name}`);
    work.installPlugin(PLUGIN_PATH, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
    work.writeConfig(config);
    return new TokenhooksWorkdir(work, engine, env);
  }

  get dir(): string {
    return this.work.dir;
  }

  /** Runs the engine without colours; `options.env` adds to the bound environment. */
  run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.work.run(this.engine.path, [...args, "-no-color"], { ...options, env: { ...this.env(), ...options.env } });
  }

  /** Starts the engine without waiting, for tests that kill it mid-run. */
  start(args: readonly string[], options: RunOptions = {}): RunningEngine {
    return this.work.start(this.engine.path, [...args, "-no-color"], { ...options, env: { ...this.env(), ...options.env } });
  }

  init(): Promise<RunResult> {
    return this.run(["init", "-input=false"]);
  }

  apply(options: RunOptions = {}, extraArgs: readonly string[] = []): Promise<RunResult> {
    return this.run(["apply", "-input=false", "-auto-approve", ...extraArgs], options);
  }

  destroy(options: RunOptions = {}): Promise<RunResult> {
    return this.run(["destroy", "-input=false", "-auto-approve"], options);
  }

  /** `plan -detailed-exitcode`: resolves with exit 0 (no changes) or 2 (changes) unless told otherwise. */
  plan(options: RunOptions = {}): Promise<RunResult> {
    return this.run(["plan", "-input=false", "-detailed-exitcode"], { expectExit: [0, 2], ...options });
  }

  /** The managed resources in state, from `show -json`. */
  async shown(): Promise<ShownResource[]> {
    const { stdout } = await this.run(["show", "-json"]);
    const parsed = JSON.parse(stdout) as { values?: { root_module?: { resources?: ShownResource[] } } };
    return (parsed.values?.root_module?.resources ?? []).filter((resource) => resource.type.startsWith(`${PROVIDER_TYPE}_`));
  }

  dispose(): void {
    this.work.dispose();
  }
}
