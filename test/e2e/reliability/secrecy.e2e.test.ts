import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TfcClient } from "../../../src/clients/tfc";
import { startEmulator, type Emulator, type RequestLogEntry } from "../../../src/emulator";
import { engines } from "../../support/engines";
import { readIfExists, SecretRegistry, snapshotFiles } from "../../support/secrecy";
import { describeEachServerMode } from "../../support/server-modes";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir, type Resources } from "../../support/tokenhooks-workdir";
import type { RunResult } from "../../support/tf-workdir";

/**
 * Issue #7, secrecy: one scenario with every kind of secret — the provider's own credentials,
 * created tokens flowing into a connection, write-only credentials, and API errors that echo
 * credentials back — run with `TF_LOG=trace`. Afterwards every place a secret could leak to is
 * scanned: the engine's stdout and stderr, its trace log (which carries the plugin's log lines),
 * the error messages, jest snapshots and the emulator's request log. Only the state (and
 * `show -json`, which prints it) may hold a secret; a write-only credential appears nowhere.
 */

const STEP_TIMEOUT = 180_000;
const TEAM = "tokenhooks_team_token";
const TFC_CONNECTION = "tokenhooks_infisical_terraform_cloud_connection";
const HEROKU_CONNECTION = "tokenhooks_infisical_heroku_connection";
const REPOSITORY_ROOT = join(__dirname, "../../..");

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeEachServerMode("secrets stay in the state", engines(), (engine, mode) => {
  const secrets = new SecretRegistry();
  /** Everything the scenario printed or logged, by where it came from. */
  const outputs: Record<string, string> = {};
  const writeOnly: string[] = [];
  let work: TokenhooksWorkdir;
  let logPath: string;
  let variables: Record<string, string>;
  let rotateAfter = "720h";
  let runs = 0;

  function config(extra: Resources = {}): unknown {
    const resources: Resources = {
      [TEAM]: { ci: { team_id: emulator.seeded.nonOwnerTeamId, description: "secrecy ci", rotate_after: rotateAfter, lifecycle: { create_before_destroy: true } } },
      tokenhooks_organization_token: { main: { organization: emulator.seeded.organization, force_regenerate: true } },
      [TFC_CONNECTION]: {
        chained: { name: "secrecy-chained", api_token: `\${${TEAM}.ci.token}` },
        write_only: { name: "secrecy-write-only", api_token_wo: "${var.tfc_token}", api_token_wo_version: 1 },
      },
      [HEROKU_CONNECTION]: { write_only: { name: "secrecy-heroku", auth_token_wo: "${var.heroku_token}", auth_token_wo_version: 1 } },
    };
    for (const [type, blocks] of Object.entries(extra)) resources[type] = { ...resources[type], ...blocks };
    return {
      ...tokenhooksConfig(resources),
      variable: { tfc_token: { type: "string", sensitive: true }, heroku_token: { type: "string", sensitive: true } },
      output: { ci_token: { value: `\${${TEAM}.ci.token}`, sensitive: true } },
    };
  }

  async function run(args: readonly string[], expectExit: number[] = [0]): Promise<RunResult> {
    const result = await work.run(args, { expectExit, timeoutMs: STEP_TIMEOUT, env: { TF_LOG: "trace", TF_LOG_PATH: logPath, ...variables } });
    const step = `${++runs} ${args[0]}`;
    outputs[`${step} stdout`] = result.stdout;
    outputs[`${step} stderr`] = result.stderr;
    return result;
  }

  /**
   * Learns the secrets now in state, the one place allowed to hold them, and checks that the
   * write-only credentials are not among them.
   */
  async function learnFromState(): Promise<void> {
    const shown = await work.shown();
    for (const resource of shown) secrets.addFromShownResource(resource.address, resource.values, resource.sensitive_values);
    const stored = [JSON.stringify(shown), ...["terraform.tfstate", "terraform.tfstate.backup"].map((name) => readIfExists(join(work.dir, name)))];
    expect(writeOnly.filter((value) => stored.some((text) => text.includes(value))).length).toBe(0);
  }

  beforeAll(async () => {
    emulator.reset();
    secrets.addSeeded(emulator);
    const owner = await TfcClient.create({ address: emulator.tfcAddress, token: emulator.seeded.ownerUserToken });
    const fresh = await owner.createTeamToken(emulator.seeded.nonOwnerTeamId, { description: `secrecy write-only ${engine.name}` });
    variables = { TF_VAR_tfc_token: fresh.token!.reveal(), TF_VAR_heroku_token: emulator.seeded.herokuAuthToken };
    secrets.add("write-only TFC credential", variables.TF_VAR_tfc_token);
    writeOnly.push(variables.TF_VAR_tfc_token, variables.TF_VAR_heroku_token);
    work = TokenhooksWorkdir.create("secrecy", engine, () => ({ ...emulatorEnv(emulator), ...mode.env }), config());
    logPath = join(work.dir, "..", "trace.log");
    await work.init();
  }, STEP_TIMEOUT);
  afterAll(() => work?.dispose());

  test("create, plan, rotate, fail with echoed credentials, destroy: no secret anywhere but the state", async () => {
    await run(["apply", "-input=false", "-auto-approve"]);
    await learnFromState();
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    expect(readFileSync(join(work.dir, "terraform.tfstate"), "utf8")).toContain('"auth_token_wo": null');
    expect((await run(["plan", "-input=false", "-detailed-exitcode"])).exitCode).toBe(0);

    // Rotation: a new team token is created, handed to the chained connection, the old one revoked.
    rotateAfter = "1s";
    work.work.writeConfig(config());
    await run(["apply", "-input=false", "-auto-approve"]);
    await learnFromState();

    // API errors that echo the credentials their request carried.
    const teamTokens = `/api/v2/teams/${emulator.seeded.nonOwnerTeamId}/authentication-tokens`;
    const tfcEcho = { errors: [{ status: "422", title: "invalid request", detail: `rejected bearer ${emulator.seeded.ownerUserToken}` }] };
    const infisicalEcho = { statusCode: 400, error: "BadRequest", message: `rejected credential ${variables.TF_VAR_heroku_token}`, reqId: "req-echo" };
    emulator.faults.add({ method: "POST", path: teamTokens, fault: { kind: "status", status: 422, body: tfcEcho } });
    emulator.faults.add({ method: "POST", path: "/api/v1/app-connections/heroku", fault: { kind: "status", status: 400, body: infisicalEcho } });
    work.work.writeConfig(
      config({
        [TEAM]: { echo: { team_id: emulator.seeded.nonOwnerTeamId, description: "secrecy echo" } },
        [HEROKU_CONNECTION]: { echo: { name: "secrecy-echo", auth_token_wo: "${var.heroku_token}" } },
      }),
    );
    const failed = await run(["apply", "-input=false", "-auto-approve"], [1]);
    expect(failed.stderr).toContain(`TFC POST ${teamTokens}: 422 invalid request — rejected bearer [redacted]`);
    expect(failed.stderr).toContain("Infisical POST /api/v1/app-connections/heroku: 400 BadRequest — rejected credential [redacted]");

    emulator.faults.clear();
    work.work.writeConfig(config());
    await run(["destroy", "-input=false", "-auto-approve"]);

    const requestLog = emulator.requestLog().map((entry: RequestLogEntry) =>
      // The injected errors are the API returning the secrets; everything else in the log is scanned.
      entry.fault === "status" ? { ...entry, responseBody: undefined } : entry,
    );
    const traceLog = readIfExists(logPath);
    // The plugin's own log lines travel through the engine's log.
    expect(traceLog).toContain("provider.terraform-provider-tokenhooks");
    const findings = secrets.scan({ ...outputs, "trace log": traceLog, ...snapshotFiles(REPOSITORY_ROOT), "emulator request log": JSON.stringify(requestLog) });
    expect(findings).toEqual([]);
  }, 8 * STEP_TIMEOUT);
});
