/** Types of scripts/cdktf-project.mjs for TypeScript callers (the end-to-end tests). */

export declare const CDKTF_CLI: string;
export declare const EXAMPLE_STACKS: readonly string[];

/** The part of the emulator's seeded fixtures the example stacks need. */
export interface ExampleSeed {
  readonly organization: string;
  readonly otherTeams: readonly { readonly name: string; readonly id: string }[];
  readonly infisical: { readonly projectId: string };
  readonly herokuAuthToken: string;
}

export declare function writeExampleProject(dir: string, appFile?: string): void;
export declare function exampleStackSettings(seeded: ExampleSeed): Record<string, string>;

export interface CdktfEnvironmentOptions {
  readonly base?: NodeJS.ProcessEnv;
  /** Absolute path of the engine, exported as `TERRAFORM_BINARY_NAME`. */
  readonly enginePath: string;
  /** An (empty) Terraform CLI configuration file. */
  readonly cliConfigFile: string;
  /** Use the plugin cache in this directory; without it, cdktf sets none. */
  readonly pluginCacheDir?: string;
  /** Provider credentials and stack settings. */
  readonly extra?: Readonly<Record<string, string>>;
}

export declare function cdktfEnvironment(options: CdktfEnvironmentOptions): NodeJS.ProcessEnv;

/** A finished cdktf run. */
export interface CdktfResult {
  readonly command: string;
  readonly exitCode: number;
  readonly durationMs: number;
  /** Empty when the output was passed through (`inherit`). */
  readonly stdout: string;
  readonly stderr: string;
}

export interface CdktfRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Pass the output through to this process instead of capturing it. */
  readonly inherit?: boolean;
}

/**
 * Kills `pid` and every process it started (found through `/proc`), also those in another
 * session, like the engine cdktf runs in a pseudo-terminal.
 */
export declare function killTree(pid: number): void;

export declare function runCdktf(args: readonly string[], options: CdktfRunOptions): Promise<CdktfResult>;
