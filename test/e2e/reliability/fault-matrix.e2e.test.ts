import { startEmulator, type Emulator, type Inventory } from "../../../src/emulator";
import { allCells, cellTitle, faultRule, sampleCells, type Cell, type Phase } from "../../support/fault-matrix";
import { AGREES, reconcile } from "../../support/inventory-invariant";
import { SecretRegistry } from "../../support/secrecy";
import type { RunResult } from "../../support/tf-workdir";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir } from "../../support/tokenhooks-workdir";
import { describeEachServerMode } from "../../support/server-modes";
import { heavyEngines, LONG } from "../../support/variant";

/**
 * Issue #7, fault matrix: for every request the resources send, in the phase that sends it, and
 * for every way it can fail, the engine run either succeeds or fails with an error naming the
 * API call; once the fault is gone a rerun converges (a plan finds nothing to do), and the
 * emulator then holds exactly what the state records: nothing orphaned, nothing twice.
 *
 * The quick variant runs one cell per fault kind, chosen by a seed (`TOKENHOOKS_FAULT_SEED`,
 * default today's date) so that the whole matrix is walked over time; `TOKENHOOKS_LONG=1` runs
 * every cell.
 */

const RUN_TIMEOUT = 180_000;
const SEED = process.env.TOKENHOOKS_FAULT_SEED ?? new Date().toISOString().slice(0, 10);
const PHASE_ORDER: readonly Phase[] = ["create", "read", "update", "delete"];
const CELLS: readonly Cell[] = LONG ? allCells() : [...sampleCells(SEED)].sort((a, b) => PHASE_ORDER.indexOf(a.operation.phase) - PHASE_ORDER.indexOf(b.operation.phase));
const ORGANIZATION_TOKEN = "tokenhooks_organization_token.main";
/** An error that names the request it is about, as the clients' errors do. */
const NAMES_THE_REQUEST = /(TFC|Infisical) (GET|POST|PATCH|DELETE) \/api\/v[12]\//;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

type Variant = "A" | "B";

function config(variant: Variant): unknown {
  const developers = emulator.seeded.otherTeams.find((team) => team.name === "developers")!.id;
  return {
    ...tokenhooksConfig({
      tokenhooks_team_token: { main: { team_id: developers, description: `matrix ${variant}`, lifecycle: { create_before_destroy: true } } },
      tokenhooks_organization_token: { main: { organization: emulator.seeded.organization, force_regenerate: true } },
      tokenhooks_infisical_heroku_connection: { main: { name: "matrix", description: `variant ${variant}`, auth_token: "${var.heroku}" } },
    }),
    variable: { heroku: { type: "string", sensitive: true } },
  };
}

describeEachServerMode(`fault matrix, ${CELLS.length} cells${LONG ? "" : ` sampled with seed ${SEED}`}`, heavyEngines(), (engine, mode) => {
  let work: TokenhooksWorkdir;
  let baseline: Inventory;
  /** What the state holds: the variant applied, or nothing. */
  let applied: Variant | null = null;
  const secrets = new SecretRegistry();
  const outcomes: string[] = [];
  const env = () => ({ ...emulatorEnv(emulator), TF_VAR_heroku: emulator.seeded.herokuAuthToken, ...mode.env });

  async function apply(variant: Variant, extra: readonly string[] = [], expectExit = [0]): Promise<RunResult> {
    work.work.writeConfig(config(variant));
    return work.apply({ timeoutMs: RUN_TIMEOUT, expectExit }, extra);
  }

  /** Brings the state to what the phase starts from: nothing for a create, a variant otherwise. */
  async function prepare(phase: Phase): Promise<void> {
    if (phase === "create" && applied !== null) {
      await work.destroy({ timeoutMs: RUN_TIMEOUT });
      applied = null;
    } else if (phase !== "create" && applied === null) {
      await apply("A");
      applied = "A";
    }
  }

  /** The phase's engine run; the variant the state holds if it succeeds. */
  function phaseRun(phase: Phase, expectExit: number[]): { run: Promise<RunResult>; target: Variant | null } {
    switch (phase) {
      case "create":
      case "read":
        return { run: apply(applied ?? "A", [], expectExit), target: applied ?? "A" };
      case "update": {
        const other = applied === "A" ? "B" : "A";
        return { run: apply(other, [`-replace=${ORGANIZATION_TOKEN}`], expectExit), target: other };
      }
      case "delete":
        return { run: work.destroy({ timeoutMs: RUN_TIMEOUT, expectExit }), target: null };
    }
  }

  beforeAll(async () => {
    emulator.reset();
    baseline = emulator.inventory();
    secrets.addSeeded(emulator);
    work = TokenhooksWorkdir.create("fault-matrix", engine, env, config("A"));
    await work.init();
  }, RUN_TIMEOUT);
  afterAll(() => {
    work?.dispose();
    process.stderr.write(`\nfault matrix on ${engine.name} ${engine.version} (${CELLS.length} of ${allCells().length} cells):\n${outcomes.join("\n")}\n`);
  });

  test.each(CELLS.map((cell) => ({ title: cellTitle(cell), cell })))("$title", async ({ cell }) => {
    const { phase } = cell.operation;
    await prepare(phase);
    emulator.faults.add(faultRule(cell));
    const faulty = phaseRun(phase, [0, 1]);
    const result = await faulty.run;
    const fired = !emulator.faults.list().some((rule) => rule.remaining === cell.fault.times);
    emulator.faults.clear();
    expect({ fired }).toEqual({ fired: true });
    if (result.exitCode !== 0) {
      expect(result.stderr).toMatch(NAMES_THE_REQUEST);
      expect(result.stderr).not.toMatch(/panic:|Plugin did not respond|plugin crashed|unexpected EOF/i);
    }

    const rerun = phaseRun(phase, [0]);
    await rerun.run;
    applied = rerun.target;
    if (applied !== null) expect((await work.plan({ timeoutMs: RUN_TIMEOUT })).exitCode).toBe(0);
    const state = applied === null ? [] : await work.shown();
    for (const resource of state) secrets.addFromShownResource(resource.address, resource.values, resource.sensitive_values);
    expect(reconcile(baseline, emulator.inventory(), state)).toEqual(AGREES);
    expect(secrets.scan({ stdout: result.stdout, stderr: result.stderr })).toEqual([]);
    outcomes.push(`  ${cellTitle(cell)}: ${result.exitCode === 0 ? "succeeded" : "failed clearly"}, rerun converged`);
  }, 4 * RUN_TIMEOUT);
});
