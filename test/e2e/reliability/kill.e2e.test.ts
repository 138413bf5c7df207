import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { Testing } from "cdktf";
import { startEmulator, type Emulator, type Inventory } from "../../../src/emulator";
import { CredentialsStack } from "../../../stacks/credentials-stack";
import { AGREES, reconcile } from "../../support/inventory-invariant";
import { pluginProcessesIn, untilNoPluginIn } from "../../support/processes";
import { SecretRegistry } from "../../support/secrecy";
import { describeEachServerMode, WARM_SERVER } from "../../support/server-modes";
import type { RunningEngine, RunResult } from "../../support/tf-workdir";
import { emulatorEnv, TokenhooksWorkdir } from "../../support/tokenhooks-workdir";
import { heavyEngines, variant } from "../../support/variant";
import { killQuietly, WarmServerSandbox } from "../../support/warm-server";

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
 * With the warm plugin server (issue #13, in a runtime directory of the test's own) the kills
 * take turns: the engine; the launcher the server is serving, once its apply has changed something
 * (the engine's run fails, the server's
 * worker undoes what finishes afterwards); and the server itself, SIGKILLed between two runs,
 * before the engine is killed in the next one. In-process, the engine is killed, with fewer kills
 * unless TOKENHOOKS_LONG=1.
 *
 * `TOKENHOOKS_KILL_SEED` reproduces a sequence of kill moments.
 */

const KILLS = variant(5, 24);
const IN_PROCESS_KILLS = variant(2, KILLS);
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
/** What a kill hits; `server` is killed before the run, then the engine during it. */
type Victim = "engine" | "launcher" | "server";
const VICTIMS: readonly Victim[] = ["engine", "launcher", "server"];

/** An engine is killed no sooner than this after its run starts, and at the latest within the run's last known duration. */
const EARLIEST_KILL_MS = 200;
/**
 * A launcher is killed this long (at most) after its run's first change in the emulator: its
 * launch is then applying. Launches served warm last a few hundred milliseconds, and a launcher
 * killed once the engine is done with it (it stops every plugin) fails nothing, so a moment drawn
 * over the whole run would mostly miss.
 */
const LAUNCHER_KILL_WINDOW_MS = 150;
/**
 * The emulator's latency while a launcher is to be killed. The worker notices its launcher gone
 * within its 250 ms poll and only then cuts the engine's connection, so every call must outlast
 * the kill window and that poll, or the apply could finish in between and the run succeed.
 */
const LAUNCHER_RUN_LATENCY_MS = 600;

/** The victim of kill `index` with the warm server: each operation meets each victim. */
function victimOf(index: number): Victim {
  return VICTIMS[(index + Math.floor(index / OPERATIONS.length)) % VICTIMS.length];
}

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

function describeMoment(victim: Victim, waitMs: number): string {
  return victim === "launcher" ? `${waitMs} ms after the first change` : `${waitMs} ms`;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeEachServerMode(`kill -9 during create, rotate and destroy of the example stack (seed ${SEED})`, heavyEngines(), (engine, mode) => {
  const warm = mode === WARM_SERVER;
  const kills = warm ? KILLS : IN_PROCESS_KILLS;
  let sandbox: WarmServerSandbox | undefined;
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

  /** The launchers in the working directory that a warm server serves (in-process launches are not). */
  function servedLaunchers(): number[] {
    const launchers = pluginProcessesIn(work.dir);
    const servers = sandbox?.serversOf(launchers);
    return launchers.filter((pid) => servers?.get(pid) !== undefined);
  }

  /** SIGKILLs the engine, or the launchers being served (waiting for one); the launchers killed, or undefined when the run ended first. */
  async function kill(victim: "engine" | "launcher", running: RunningEngine): Promise<number[] | undefined> {
    if (victim === "engine") {
      process.kill(running.pid, "SIGKILL");
      return [];
    }
    for (;;) {
      const launchers = servedLaunchers();
      if (launchers.length > 0) {
        launchers.forEach((pid) => killQuietly(pid));
        return launchers;
      }
      if (await Promise.race([running.finished.then(() => true), delay(25).then(() => false)])) return undefined;
    }
  }

  /** Resolves once the emulator has changed since `historyBefore`, or the run has ended. */
  async function untilChangeAfter(historyBefore: number, running: RunningEngine): Promise<void> {
    let ended = false;
    void running.finished.then(() => (ended = true));
    while (!ended && emulator.history().length === historyBefore) await delay(10);
  }

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
    sandbox = warm ? WarmServerSandbox.create("tokenhooks-kill") : undefined;
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
    work = TokenhooksWorkdir.create("kill", engine, () => ({ ...emulatorEnv(emulator), ...mode.env, ...sandbox?.env() }), JSON.parse(stack));
    await work.init();
  }, RUN_TIMEOUT);
  afterAll(() => {
    work?.dispose();
    sandbox?.dispose();
    process.stderr.write(`\nkill test on ${engine.name} ${engine.version} (${mode.name}), seed ${SEED}:\n${report.join("\n")}\n`);
  });

  test("after every kill and rerun, the emulator holds exactly what the state records", async () => {
    let done = 0;
    // Bounded: a run that ends before its kill is retried with the next moment, at most `2 * kills` more times.
    for (let attempt = 0; done < kills && attempt < 3 * kills; attempt++) {
      const operation = OPERATIONS[done % OPERATIONS.length];
      const victim = warm ? victimOf(done) : "engine";
      const launcherVictim = victim === "launcher";
      const waitMs = Math.round(launcherVictim ? random() * LAUNCHER_KILL_WINDOW_MS : EARLIEST_KILL_MS + random() * Math.max(0, durations[operation] - EARLIEST_KILL_MS));
      const historyBefore = emulator.history().length;
      if (victim === "server") sandbox!.serverPids().forEach((pid) => killQuietly(pid));
      if (launcherVictim) emulator.setLatency(LAUNCHER_RUN_LATENCY_MS);
      const running = work.start(args(operation), { timeoutMs: RUN_TIMEOUT });
      const killMoment = launcherVictim ? untilChangeAfter(historyBefore, running).then(() => delay(waitMs)) : delay(waitMs);
      const early = await Promise.race([running.finished, killMoment.then(() => undefined)]);
      const killedLaunchers = early === undefined ? await kill(victim === "launcher" ? "launcher" : "engine", running) : undefined;
      const ended = early ?? (await running.finished);
      emulator.setLatency(0);
      // Each killed launch's worker has ended: what it undid is in the emulator.
      for (const pid of killedLaunchers ?? []) await sandbox!.untilLogged(new RegExp(` launcher ${pid} ended with \\d+$`), RUN_TIMEOUT);
      // The run may end on its own before the kill, or in the moment between the timer and the signal.
      if (killedLaunchers === undefined || ended.exitCode === 0) {
        durations[operation] = Math.max(2 * EARLIEST_KILL_MS, ended.durationMs * 0.9);
        report.push(`  ${operation}: finished (exit ${ended.exitCode}) before the kill at ${describeMoment(victim, waitMs)}; retrying`);
        continue;
      }
      expect({ victim, exitCode: ended.exitCode }).toEqual({ victim, exitCode: victim === "launcher" ? 1 : 137 });
      done++;
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
      expect({ kill: done, victim, operation, waitMs, ...reconcile(baseline, emulator.inventory(), state) }).toEqual({ kill: done, victim, operation, waitMs, ...AGREES });
      expect(secrets.scan({ stdout: result.stdout, stderr: result.stderr })).toEqual([]);
      const leftBehind = (result.stdout + result.stderr).match(/a token an interrupted run left behind/g)?.length ?? 0;
      const rerun = [imported ? `rerun imported ${imported}` : "rerun converged", ...(leftBehind > 0 ? [`revoking ${leftBehind} unrecorded described token(s)`] : [])];
      report.push(`  kill ${done}: ${victim} during ${operation} at ${describeMoment(victim, waitMs)}; ${undone} revocations or deletions until the rerun; ${rerun.join(", ")}`);
    }
    expect(done).toBe(kills);
  }, KILLS * 4 * RUN_TIMEOUT);
});
