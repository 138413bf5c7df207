#!/usr/bin/env node
// The README's test command ends here: every jest suite, unit and end-to-end.
// With TOKENHOOKS_LONG=1 in the environment, tests that have a long variant run it instead.
// Ends with one plain "jest: N passed, N failed, N skipped" line, which CI reads in any language.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainModule } from "./main-module.mjs";

/**
 * The closing line for jest's `--json` results. A suite that failed outside any test (it did not
 * load, or a `beforeAll`/`afterAll` threw) counts as one failure, so "0 failed" means no failure
 * of any kind; a run whose results are missing (global setup failed) counts as one failure too.
 */
export function summaryLine(results) {
  if (results === undefined) return "jest: 0 passed, 1 failed, 0 skipped";
  const suiteFailures = results.testResults.filter((suite) => suite.status === "failed" && suite.assertionResults.every((test) => test.status !== "failed")).length;
  const failed = results.numFailedTests + suiteFailures + (results.success || results.numFailedTests + suiteFailures > 0 ? 0 : 1);
  return `jest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
}

function main() {
  const resultsDir = mkdtempSync(join(tmpdir(), "tokenhooks-jest-"));
  const resultsFile = join(resultsDir, "results.json");
  try {
    const jest = spawnSync(process.execPath, ["node_modules/jest/bin/jest.js", "--json", `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
      stdio: "inherit",
    });
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : undefined;
    process.stdout.write(`${summaryLine(results)}\n`);
    process.exitCode = jest.status ?? 1;
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

if (isMainModule(import.meta.url)) main();
