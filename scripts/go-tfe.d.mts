/** Types of scripts/go-tfe.mjs for TypeScript callers (tests). */
import type { ProgressSink } from "./engine.mjs";

/** go-tfe's integration tests, compiled into one executable (`go test -c`). */
export interface GoTfeTests {
  /** Absolute path of the test binary. */
  readonly path: string;
  /** e.g. `1.111.2`. */
  readonly version: string;
}

export declare const GO_TFE_VERSION: string;
export declare const GO_TFE_MODULE: string;

export declare function cachedGoTfeTestsPath(env?: NodeJS.ProcessEnv): string;
export declare function findGoTfeTests(env?: NodeJS.ProcessEnv): GoTfeTests | undefined;
export declare function prepareGoTfeTestsForTests(options?: { env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<GoTfeTests>;
export declare function buildGoTfeTests(options?: { env?: NodeJS.ProcessEnv; progress?: ProgressSink }): Promise<GoTfeTests & { readonly buildMs: number }>;
