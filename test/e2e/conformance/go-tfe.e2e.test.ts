import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedGoTfeTestsPath, findGoTfeTests, GO_TFE_VERSION } from "../../../scripts/go-tfe.mjs";
import { startEmulator, type Emulator } from "../../../src/emulator";

/**
 * HashiCorp's own Go client is the judge of the emulator's HCP Terraform API: go-tfe's token,
 * agent-pool and current-user integration tests, unmodified, against the emulator. The other
 * TestAgentPools* tests are left out: each has subtests that create workspaces or projects,
 * which the emulator does not have. global-setup compiles them
 * (scripts/go-tfe.mjs). Each test creates its own organization through the API, as it does
 * against HCP Terraform, and moves it to the Business plan through the admin API when it needs
 * audit-trail tokens.
 */

const RUN_TIMEOUT_MS = 240_000;
/** Every top-level test the selection runs; each must pass. */
const EXPECTED_TESTS = [
  "TestTeamTokensCreate",
  "TestTeamTokens_CreateWithOptions",
  "TestTeamTokens_CreateWithOptions_MultipleTokens",
  "TestTeamTokensRead",
  "TestTeamTokensReadByID",
  "TestTeamTokensList",
  "TestTeamTokensDelete",
  "TestTeamTokensDeleteByID",
  "TestOrganizationTokensCreate",
  "TestOrganizationTokens_CreateWithOptions",
  "TestOrganizationTokensRead",
  "TestOrganizationTokensReadWithOptions",
  "TestOrganizationTokensDelete",
  "TestOrganizationTokensDeleteWithOptions",
  "TestUsersReadCurrent",
  "TestAgentPoolsRead",
  "TestAgentPoolsReadCreatedAt",
  "TestAgentPoolsDelete",
  "TestAgentTokensList",
  "TestAgentTokensCreate",
  "TestAgentTokensRead",
  "TestAgentTokensReadCreatedBy",
  "TestAgentTokensDelete",
];
/** Subtests go-tfe itself skips against HCP Terraform (they need Terraform Enterprise's SCIM settings). */
const ENTERPRISE_ONLY_SUBTESTS = ["TestUsersReadCurrent/with_no_scim_attributes", "TestUsersReadCurrent/with_scim_attributes"];
/** Subtests go-tfe skips unless it has a GitHub OAuth token or HYOK settings: features outside this emulator. */
const CREDENTIAL_GATED_SUBTESTS = ["TestAgentPoolsRead/read_hyok_configurations_of_an_agent_pool", "TestAgentPoolsRead/with_Include_option"];

interface GoTestOutcome {
  readonly name: string;
  readonly result: "PASS" | "FAIL" | "SKIP";
}

/** `--- PASS: TestX/sub (0.01s)` lines of `-test.v` output. */
function outcomes(output: string): GoTestOutcome[] {
  return [...output.matchAll(/^\s*--- (PASS|FAIL|SKIP): (\S+) \(/gm)].map((match) => ({ name: match[2], result: match[1] as GoTestOutcome["result"] }));
}

function runGoTests(binary: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["-test.run", "^(TestTeamTokens|TestOrganizationTokens|TestUsersReadCurrent|TestAgentPools(Read|ReadCreatedAt|Delete)$|TestAgentTokens)", "-test.v", "-test.count=1", "-test.timeout=200s"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => (output += chunk.toString("utf8"));
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe(`go-tfe v${GO_TFE_VERSION}'s integration tests against the emulator`, () => {
  let emulator: Emulator;
  let workDir: string;
  let run: { code: number | null; output: string };
  let results: GoTestOutcome[];

  beforeAll(async () => {
    const tests = findGoTfeTests();
    if (tests === undefined) throw new Error(`go-tfe's tests are not compiled at ${cachedGoTfeTestsPath()}: run the tests through npm test, or node scripts/go-tfe.mjs --build`);
    emulator = await startEmulator({ httpsPort: false });
    workDir = mkdtempSync(join(tmpdir(), "go-tfe-conformance-"));
    run = await runGoTests(tests.path, workDir, {
      TFE_ADDRESS: emulator.url,
      TFE_TOKEN: emulator.seeded.ownerUserToken,
      TFE_ADMIN_PROVISION_LICENSES_TOKEN: emulator.seeded.adminToken,
      ENABLE_BETA: "1",
    });
    results = outcomes(run.output);
  }, RUN_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await emulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** The failing tests with their output lines (the emulator's secrets are fake, but kept out anyway). */
  function failureReport(): string {
    const failed = results.filter((outcome) => outcome.result === "FAIL").map((outcome) => outcome.name);
    const lines = run.output.split("\n").filter((line) => /_test\.go:\d+|Error:|--- FAIL/.test(line));
    return [`failed: ${failed.join(", ") || "none"} (exit ${run.code})`, ...lines.slice(0, 80)]
      .join("\n")
      .replaceAll(emulator.seeded.ownerUserToken, "<TFE_TOKEN>")
      .replaceAll(emulator.seeded.adminToken, "<admin token>");
  }

  test("every selected test and subtest passes", () => {
    const failed = results.filter((outcome) => outcome.result === "FAIL");
    if (failed.length > 0 || run.code !== 0) throw new Error(failureReport());
    expect(run.output).toMatch(/^PASS$/m);
  });

  test.each(EXPECTED_TESTS)("%s ran and passed", (name) => {
    expect(results.find((outcome) => outcome.name === name)?.result).toBe("PASS");
  });

  test("only the Terraform Enterprise and credential-gated subtests skip", () => {
    expect(results.filter((outcome) => outcome.result === "SKIP").map((outcome) => outcome.name).sort()).toEqual(
      [...ENTERPRISE_ONLY_SUBTESTS, ...CREDENTIAL_GATED_SUBTESTS].sort(),
    );
  });

  test("the multi-token (beta) subtests ran", () => {
    expect(results.filter((outcome) => outcome.name.startsWith("TestTeamTokens_CreateWithOptions_MultipleTokens/")).map((outcome) => outcome.result)).toEqual(
      expect.arrayContaining(["PASS"]),
    );
    expect(results.find((outcome) => outcome.name === "TestTeamTokensReadByID/with_multiple_team_tokens")?.result).toBe("PASS");
  });
});
