import { readFileSync } from "node:fs";
import { startEmulator, type Emulator } from "../../src/emulator";
import type { RequestLogEntry } from "../../src/emulator/control/request-log";
import { pluginProcessesIn, until, untilNoPluginIn } from "../support/processes";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir } from "../support/tokenhooks-workdir";
import { describeHeavy } from "../support/variant";
import { killQuietly, WarmServerSandbox } from "../support/warm-server";

/**
 * Issue #13, the warm plugin server as engines use it, in a runtime directory of the file's own:
 * concurrent runs with different credentials share the server and nothing else, and a launcher
 * killed mid-create loses nothing.
 */

const STEP_TIMEOUT = 120_000;
/** Long enough to kill the launcher while the create waits; shorter than the client's timeout. */
const CREATE_DELAY_MS = 3_000;
/** go-plugin's line for each plugin process the engine starts (TF_LOG=debug). */
const PLUGIN_STARTED = /plugin started: path=\S*terraform-provider-tokenhooks\S* pid=(\d+)/g;

let emulator: Emulator;
let sandbox: WarmServerSandbox;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
  sandbox = WarmServerSandbox.create("tokenhooks-warm-engine");
});
afterAll(() => {
  sandbox?.dispose();
  return emulator?.close();
});

describeHeavy("the warm plugin server serving an engine", (engine) => {
  const works: TokenhooksWorkdir[] = [];
  afterAll(() => works.forEach((work) => work.dispose()));

  function workdir(prefix: string, env: () => Record<string, string>, resources: Parameters<typeof tokenhooksConfig>[0]): TokenhooksWorkdir {
    const work = TokenhooksWorkdir.create(prefix, engine, () => ({ ...env(), ...sandbox.env() }), tokenhooksConfig(resources));
    works.push(work);
    return work;
  }

  /** The sandbox's server, started by a launch of `work`'s engine when none runs. */
  async function warmedUp(work: TokenhooksWorkdir) {
    await work.run(["validate"]);
    return sandbox.untilServing();
  }

  test("two concurrent applies with different credentials are served by one server, and each run's requests carry its own credential only", async () => {
    emulator.reset();
    const { seeded } = emulator;
    const ownerTeam = seeded.otherTeams.find((team) => team.id !== seeded.nonOwnerTeamId)!.id;
    const owner = workdir("warm-owner", () => emulatorEnv(emulator), { tokenhooks_team_token: { t: { team_id: ownerTeam, description: "the owner's" } } });
    const platform = workdir("warm-platform", () => ({ ...emulatorEnv(emulator), TFE_TOKEN: seeded.nonOwnerTeamToken }), {
      tokenhooks_team_token: { t: { team_id: seeded.nonOwnerTeamId, description: "the platform team's" } },
    });
    await owner.init();
    await platform.init();
    const server = await warmedUp(owner);

    const firstRequest = emulator.requestLog().length;
    const logs = [`${owner.dir}/../apply.log`, `${platform.dir}/../apply.log`];
    await Promise.all([owner, platform].map((work, index) => work.apply({ timeoutMs: STEP_TIMEOUT, env: { TF_LOG: "debug", TF_LOG_PATH: logs[index] } })));

    // Every launch of both applies was handed to the one server.
    for (const log of logs) {
      const launchers = [...readFileSync(log, "utf8").matchAll(PLUGIN_STARTED)].map((match) => Number(match[1]));
      expect(launchers.length).toBeGreaterThan(0);
      expect([...sandbox.serversOf(launchers).values()]).toEqual(launchers.map(() => server.pid));
    }

    const [ownerToken, platformToken] = await Promise.all([owner, platform].map(async (work) => String((await work.shown())[0].values.id)));
    const requests = emulator
      .requestLog()
      .slice(firstRequest)
      .filter((entry) => entry.api === "tfc");
    const touching = (...ids: string[]) => requests.filter((entry) => ids.some((id) => entry.path.includes(id)));
    const identities = (entries: RequestLogEntry[]) => [...new Set(entries.map((entry) => `${entry.identity?.kind} ${entry.identity?.id}`))];
    const ownerIdentities = identities(touching(ownerTeam, ownerToken));
    expect(ownerIdentities).toEqual([expect.stringMatching(/^tfc-user-token /)]);
    expect(identities(touching(seeded.nonOwnerTeamId, platformToken))).toEqual([`tfc-team-token ${seeded.nonOwnerTeamTokenId}`]);
    // Nothing else was asked, under either credential.
    expect(identities(requests).sort()).toEqual([...ownerIdentities, `tfc-team-token ${seeded.nonOwnerTeamTokenId}`].sort());
    expect(touching(ownerTeam, ownerToken, seeded.nonOwnerTeamId, platformToken)).toHaveLength(requests.length);

    await Promise.all([owner, platform].map((work) => work.destroy({ timeoutMs: STEP_TIMEOUT })));
  });

  test("the launcher killed during a create: the run fails, the create that finishes later is undone, and the launch ends", async () => {
    emulator.reset();
    const before = emulator.inventory();
    const seededEvents = emulator.history().length;
    const createPath = `/api/v2/teams/${emulator.seeded.nonOwnerTeamId}/authentication-tokens`;
    const work = workdir("warm-launcher-killed", () => emulatorEnv(emulator), { tokenhooks_team_token: { ci: { team_id: emulator.seeded.nonOwnerTeamId, description: "launcher killed" } } });
    await work.init();
    const server = await warmedUp(work);
    emulator.faults.add({ method: "POST", path: createPath, fault: { kind: "hang", ms: CREATE_DELAY_MS } });

    const apply = work.start(["apply", "-input=false", "-auto-approve"], { timeoutMs: STEP_TIMEOUT });
    await until(() => emulator.faults.list().length === 0, "the create to reach the emulator", STEP_TIMEOUT);
    const launchers = pluginProcessesIn(work.dir);
    expect(launchers).toHaveLength(1);
    expect(sandbox.serversOf(launchers).get(launchers[0])).toBe(server.pid);
    killQuietly(launchers[0]);
    const failed = await apply.finished;
    expect(failed.exitCode).toBe(1);
    await untilNoPluginIn(work.dir, STEP_TIMEOUT);
    await sandbox.untilLogged(new RegExp(` launcher ${launchers[0]} ended with \\d+$`), STEP_TIMEOUT);

    const events = emulator
      .history()
      .slice(seededEvents)
      .filter((event) => event.resource === "team-token");
    const created = events.filter((event) => event.action === "create").map((event) => event.id);
    expect(created).toHaveLength(1);
    expect(events.map((event) => [event.action, event.id])).toEqual([
      ["create", created[0]],
      ["revoke", created[0]],
    ]);
    expect(emulator.inventory()).toEqual(before);

    await work.apply({ timeoutMs: STEP_TIMEOUT });
    expect((await work.plan({ timeoutMs: STEP_TIMEOUT })).exitCode).toBe(0);
    await work.destroy({ timeoutMs: STEP_TIMEOUT });
    expect(emulator.inventory()).toEqual(before);
  });
});
