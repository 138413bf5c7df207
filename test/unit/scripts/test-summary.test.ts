import { summaryLine, type JestResults } from "../../../scripts/test.mjs";

/** jest --json results, shaped as jest 30 writes them for the suites given. */
function results(suites: { status: "passed" | "failed"; tests: ("passed" | "failed" | "pending")[] }[], extra: Partial<JestResults> = {}): JestResults {
  const tests = suites.flatMap((suite) => suite.tests);
  return {
    success: suites.every((suite) => suite.status === "passed"),
    numPassedTests: tests.filter((status) => status === "passed").length,
    numFailedTests: tests.filter((status) => status === "failed").length,
    numPendingTests: tests.filter((status) => status === "pending").length,
    numTodoTests: 0,
    testResults: suites.map((suite) => ({ status: suite.status, assertionResults: suite.tests.map((status) => ({ status })) })),
    ...extra,
  };
}

describe("the closing line of npm test", () => {
  test("counts passed, failed and skipped tests", () => {
    expect(summaryLine(results([{ status: "passed", tests: ["passed", "passed", "pending"] }, { status: "failed", tests: ["failed", "passed"] }]))).toBe(
      "jest: 3 passed, 1 failed, 1 skipped",
    );
  });

  test("a suite that failed to load, or whose afterAll threw, counts as a failure though no test failed", () => {
    const notLoaded = { status: "failed" as const, tests: [] };
    const afterAllThrew = { status: "failed" as const, tests: ["passed" as const] };
    expect(summaryLine(results([notLoaded, afterAllThrew, { status: "passed", tests: ["passed"] }]))).toBe("jest: 2 passed, 2 failed, 0 skipped");
  });

  test("an unsuccessful run with nothing else to blame counts one failure", () => {
    expect(summaryLine(results([{ status: "passed", tests: ["passed"] }], { success: false }))).toBe("jest: 1 passed, 1 failed, 0 skipped");
  });

  test("no results at all (global setup failed) is a failure, never 0 failed", () => {
    expect(summaryLine(undefined)).toBe("jest: 0 passed, 1 failed, 0 skipped");
  });
});
