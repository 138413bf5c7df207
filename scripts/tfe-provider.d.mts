/** Types of scripts/tfe-provider.mjs for TypeScript callers (tests, benchmarks). */
import type { ProgressSink } from "./engine.mjs";

/** A terraform-provider-tfe executable. */
export interface TfeProvider {
  /** Absolute path of the executable. */
  readonly path: string;
  /** e.g. `0.71.0`. */
  readonly version: string;
}

/** A provider that was just built, and how long that took. */
export interface BuiltTfeProvider extends TfeProvider {
  readonly buildMs: number;
}

/** A plugin's go-plugin handshake line and the time from spawn until it arrived. */
export interface PluginHandshake {
  readonly line: string;
  readonly elapsedMs: number;
}

export declare const TFE_PROVIDER_VERSION: string;
export declare const TFE_PROVIDER_MODULE: string;
export declare const TFE_PROVIDER_ARCHIVE: string;
export declare const TFE_PROVIDER_REGISTRY_HOSTS: readonly string[];
/** What go-plugin hosts (Terraform, OpenTofu) put in a plugin's environment: the magic cookie, protocol versions, port range. */
export declare const PLUGIN_HANDSHAKE_ENV: Readonly<Record<string, string>>;

export declare function cachedTfeProviderPath(env?: NodeJS.ProcessEnv): string;
export declare function findTfeProvider(env?: NodeJS.ProcessEnv): TfeProvider | undefined;
export declare function findOrBuildTfeProvider(options: { build: boolean; env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<TfeProvider | undefined>;
export declare function peersDir(env?: NodeJS.ProcessEnv): string;
export declare function prepareTfeProviderForTests(options?: { env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<TfeProvider>;
export declare function buildTfeProvider(options?: { env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<BuiltTfeProvider>;
export declare function installTfeProviderMirror(provider: TfeProvider, pluginsDir: string, platform: string): string[];
export declare function timePluginHandshake(
  executable: string,
  options?: { env?: NodeJS.ProcessEnv; extraEnv?: Readonly<Record<string, string>>; timeoutMs?: number },
): Promise<PluginHandshake>;
