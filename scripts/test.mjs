#!/usr/bin/env node
// The README's test command ends here: every jest suite, unit and end-to-end.
// With TOKENHOOKS_LONG=1 in the environment, tests that have a long variant run it instead.
// Ends with one plain "jest: N passed, N failed, N skipped" line, which CI reads in any language.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const resultsDir = mkdtempSync(join(tmpdir(), "tokenhooks-jest-"));
const resultsFile = join(resultsDir, "results.json");
try {
  const jest = spawnSync(process.execPath, ["node_modules/jest/bin/jest.js", "--json", `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, "utf8"));
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`);
  }
  process.exitCode = jest.status ?? 1;
} finally {
  rmSync(resultsDir, { recursive: true, force: true });
}
