/** Types of scripts/engine.mjs for TypeScript callers (test plumbing). */

/** A Terraform-compatible executable the end-to-end tests can drive. */
export interface Engine {
  readonly name: "terraform" | "tofu";
  /** Absolute path of the executable. */
  readonly path: string;
  /** As `version -json` reports it, e.g. `1.11.4`. */
  readonly version: string;
}

/** Receives one line of build progress. */
export type ProgressSink = (line: string) => void;

export declare const OPENTOFU_VERSION: string;
export declare const OPENTOFU_MODULE: string;

export declare function cacheDir(env?: NodeJS.ProcessEnv): string;
export declare function cachedTofuPath(env?: NodeJS.ProcessEnv): string;
export declare function parseVersionJson(stdout: string): string;
export declare function parseProductName(stdout: string): Engine["name"] | undefined;
export declare function identifyEngine(command: string, env?: NodeJS.ProcessEnv): Engine | undefined;
export declare function findEngines(options: { build: boolean; env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<Engine[]>;
export declare function buildOpenTofu(options?: { env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<Engine>;

/** Options of a go invocation: `heartbeat` is called every 30 s with the elapsed time and stderr lines so far. */
export interface GoRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly heartbeat?: (elapsedMs: number, stderrLines: number) => void;
}

export declare function resolveExecutable(command: string, env: NodeJS.ProcessEnv): string | undefined;
export declare function stageModuleSource(options: { go: string; module: string; version: string; workDir: string; env: NodeJS.ProcessEnv }): Promise<string>;
export declare function runGo(go: string, args: readonly string[], options: GoRunOptions): Promise<{ stdout: string }>;
export declare function formatDuration(ms: number): string;
export declare function printProgress(line: string): void;
