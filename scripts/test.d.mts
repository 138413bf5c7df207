/** Types of scripts/test.mjs for TypeScript callers (its unit test). */

/** The part of jest's `--json` results the closing line reads. */
export interface JestResults {
  readonly success: boolean;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
  readonly testResults: readonly { readonly status: string; readonly assertionResults: readonly { readonly status: string }[] }[];
}

export declare function summaryLine(results: JestResults | undefined): string;
