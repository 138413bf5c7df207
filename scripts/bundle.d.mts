/** Types of scripts/bundle.mjs for TypeScript callers (test plumbing). */

/** An entry point (relative to the repository), the executable it becomes, and the modules (files, relative to the repository) compiled only when first required. */
export interface BundleEntry {
  readonly source: string;
  readonly outfile: string;
  readonly deferred?: readonly string[];
  /** Starts with the shell launcher of a warm plugin server instead of `#!/usr/bin/env node`. */
  readonly launcher?: boolean;
}

/** What happened to one entry: bundled, skipped (source not written yet) or failed (with esbuild's message). */
export type BundleOutcome = BundleEntry &
  ({ readonly status: "bundled" | "skipped" } | { readonly status: "failed"; readonly message: string });

export declare const ENTRIES: readonly BundleEntry[];
export declare function bundleEntry(entry: string, outfile: string, options?: { deferred?: readonly string[]; launcher?: boolean }): Promise<void>;
export declare function bundleAll(options?: { entries?: readonly BundleEntry[]; log?: (line: string) => void }): Promise<BundleOutcome[]>;
