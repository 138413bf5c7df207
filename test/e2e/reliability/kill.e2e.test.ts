import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { Testing } from "cdktf";
import { startEmulator, type Emulator, type Inventory } from "../../../src/emulator";
import { CredentialsStack } from "../../../stacks/credentials-stack";
import { AGREES, reconcile } from "../../support/inventory-invariant";
import { untilNoPluginIn } from "../../support/processes";
import { SecretRegistry } from "../../support/secrecy";
import type { RunResult } from "../../support/tf-workdir";
import { emulatorEnv, TokenhooksWorkdir } from "../../support/tokenhooks-workdir";
import { describeHeavy, variant } from "../../support/variant";

/**
 * Issue #7, kill test: the example credentials stack (a rotating CI team token handed to an
 * Infisical connection, the organization token, a Heroku connection) is created, rotated and
 * destroyed over and over, and each run is SIGKILLed at a random moment. After each kill the
 * orphaned plugin finishes (deleting anything it created after the engine died), the same command
 * is run again, and then the emulator must hold exactly what the state records.
 *
 * Where the state cannot know about an object (the engine died after receiving it, before
 * saving it), the rerun either adopts it or fails with instructions; this test follows the
 * instructions (an import) and runs again. Anything else left behind fails the test.
 *
 * `TOKENHOOKS_KILL_SEED` reproduces a sequence of kill moments.
 */

const KILLS = variant(5, 24);
const RUN_TIMEOUT = 180_000;
const SEED = process.env.TOKENHOOKS_KILL_SEED ?? randomBytes(4).toString("hex");
const TEAM_TOKEN = "tokenhooks_team_token.ci-token";
const ORGANIZATION_TOKEN = "tokenhooks_organization_token.org-token";
/**
 * The instruction a create gives when the object it would make already exists outside the state
 * (the engine wraps long lines, so any whitespace may separate the words).
 */
const IMPORT_INSTRUCTION = /with ([a-z_]+\.[\w-]+),[\s\S]*?terraform\s+import\s+<address>\s+([^\s)]+)\)/;
/** At most this many objects adopted by import before a run must succeed. */
const MAX_IMPORTS = 5;

type Operation = "create" | "rotate" | "destroy";
const OPERATIONS: readonly Operation[] = ["create", "rotate", "destroy"];

/** A small seeded generator (mulberry32): the same seed gives the same kill moments. */
function seededRandom(seed: string): () => number {
  let state = Number.parseInt(seed.slice(0, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeHeavy(`kill -9 during create, rotate and destroy of the example stack, ${KILLS} kills (seed ${SEED})`, (engine) => {
  let work: TokenhooksWorkdir;
  let baseline: Inventory;
  const random = seededRandom(SEED);
  const secrets = new SecretRegistry();
  const report: string[] = [];
  /** How long each operation took without a kill, to aim the kills inside it. */
  const durations: Record<Operation, number> = { create: 6_000, rotate: 6_000, destroy: 4_000 };

  const args = (operation: Operation): string[] =>
    operation === "destroy"
      ? ["destroy", "-input=false", "-auto-approve"]
      : ["apply", "-input=false", "-auto-approve", ...(operation === "rotate" ? [`-replace=${TEAM_TOKEN}`, `-replace=${ORGANIZATION_TOKEN}`] : [])];

  /** Runs an operation to its end, following each import instruction the reruns give. */
  async function complete(operation: Operation): Promise<{ result: RunResult; imported?: string }> {
    const imported: string[] = [];
    for (;;) {
      const result = await work.run(args(operation), { timeoutMs: RUN_TIMEOUT, expectExit: [0, 1] });
      if (result.exitCode === 0) return { result, ...(imported.length > 0 ? { imported: imported.join(", ") } : {}) };
      const instruction = IMPORT_INSTRUCTION.exec(result.stderr);
      if (!instruction || imported.length === MAX_IMPORTS) throw new Error(`${operation} failed without instructions to follow:\n${result.stderr}`);
      const [, address, id] = instruction;
      await work.run(["import", "-input=false", address, id], { timeoutMs: RUN_TIMEOUT });
      imported.push(`${address} (${id})`);
    }
  }

  beforeAll(async () => {
    emulator.reset();
    baseline = emulator.inventory();
    secrets.addSeeded(emulator);
    const { seeded } = emulator;
    const stack = Testing.synth(
      new CredentialsStack(Testing.app(), "credentials", {
        organization: seeded.organization,
        teamId: seeded.nonOwnerTeamId,
        environmentTeams: {},
        infisicalProjectId: seeded.infisical.projectId,
        herokuApiKey: seeded.herokuAuthToken,
      }),
    );
    work = TokenhooksWorkdir.create("kill", engine, () => emulatorEnv(emulator), JSON.parse(stack));
    await work.init();
  }, RUN_TIMEOUT);
  afterAll(() => {
    work?.dispose();
    process.stderr.write(`\nkill test on ${engine.name} ${engine.version}, seed ${SEED}:\n${report.join("\n")}\n`);
  });

  test("after every kill and rerun, the emulator holds exactly what the state records", async () => {
    let kills = 0;
    // Bounded: a run that ends before its kill is retried with the next moment, at most KILLS more times.
    for (let attempt = 0; kills < KILLS && attempt < 2 * KILLS; attempt++) {
      const operation = OPERATIONS[kills % OPERATIONS.length];
      const waitMs = Math.round(200 + random() * durations[operation]);
      const historyBefore = emulator.history().length;
      const running = work.start(args(operation), { timeoutMs: RUN_TIMEOUT });
      const early = await Promise.race([running.finished, delay(waitMs).then(() => undefined)]);
      if (early === undefined) process.kill(running.pid, "SIGKILL");
      const ended = early ?? (await running.finished);
      // The run may end on its own before the kill, or in the moment between the timer and the signal.
      if (early !== undefined || ended.exitCode === 0) {
        durations[operation] = Math.max(1_000, ended.durationMs * 0.9);
        report.push(`  ${operation}: finished (exit ${ended.exitCode}) before the kill at ${waitMs} ms; retrying`);
        continue;
      }
      expect(ended.exitCode).toBe(137);
      kills++;
      await untilNoPluginIn(work.dir, RUN_TIMEOUT);
      const undone = emulator
        .history()
        .slice(historyBefore)
        .filter((event) => event.action === "revoke" || event.action === "delete").length;

      const { result, imported } = await complete(operation);
      durations[operation] = Math.max(durations[operation], result.durationMs);
      const state = operation === "destroy" ? [] : await work.shown();
      if (operation !== "destroy") expect((await work.plan({ timeoutMs: RUN_TIMEOUT })).exitCode).toBe(0);
      for (const resource of state) secrets.addFromShownResource(resource.address, resource.values, resource.sensitive_values);
      expect({ kill: kills, operation, waitMs, ...reconcile(baseline, emulator.inventory(), state) }).toEqual({ kill: kills, operation, waitMs, ...AGREES });
      expect(secrets.scan({ stdout: result.stdout, stderr: result.stderr })).toEqual([]);
      const leftBehind = (result.stdout + result.stderr).match(/a token an interrupted run left behind/g)?.length ?? 0;
      const rerun = [imported ? `rerun imported ${imported}` : "rerun converged", ...(leftBehind > 0 ? [`revoking ${leftBehind} unrecorded described token(s)`] : [])];
      report.push(`  kill ${kills}: ${operation} at ${waitMs} ms; ${undone} revocations or deletions until the rerun; ${rerun.join(", ")}`);
    }
    expect(kills).toBe(KILLS);
  }, KILLS * 4 * RUN_TIMEOUT);
});
