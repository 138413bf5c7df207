import { startEmulator, type Emulator } from "../../../src/emulator";
import { engines } from "../../support/engines";
import { pluginProcessesIn, until, untilNoPluginIn } from "../../support/processes";
import { describeEachServerMode } from "../../support/server-modes";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir, type Resources } from "../../support/tokenhooks-workdir";

/**
 * The engine is SIGKILLed while the plugin waits for a create: the plugin outlives it, lets the
 * create finish, revokes what it made (no state can ever record it), and exits. The next run
 * starts from a clean slate. The window that remains — the engine received the answer but died
 * before saving its state — is covered by the kill test and the resources' adoption rules.
 */

const STEP_TIMEOUT = 120_000;
/** Long enough to kill the engine while the create waits; shorter than the client's timeout. */
const CREATE_DELAY_MS = 3_000;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeEachServerMode("the engine killed during a create", engines().slice(0, 1), (engine, mode) => {
  let work: TokenhooksWorkdir | undefined;
  afterEach(() => {
    work?.dispose();
    work = undefined;
  });

  const cases: { title: string; resources: () => Resources; createPath: () => string; resource: "team-token" | "app-connection" }[] = [
    {
      title: "a described team token",
      resources: () => ({ tokenhooks_team_token: { ci: { team_id: emulator.seeded.nonOwnerTeamId, description: "killed" } } }),
      createPath: () => `/api/v2/teams/${emulator.seeded.nonOwnerTeamId}/authentication-tokens`,
      resource: "team-token",
    },
    {
      title: "an Infisical connection",
      resources: () => ({ tokenhooks_infisical_heroku_connection: { ci: { name: "killed", auth_token: emulator.seeded.herokuAuthToken } } }),
      createPath: () => "/api/v1/app-connections/heroku",
      resource: "app-connection",
    },
  ];

  test.each(cases)("$title is created, then deleted by the orphaned plugin; the rerun converges", async ({ resources, createPath, resource }) => {
    emulator.reset();
    const before = emulator.inventory();
    const seededEvents = emulator.history().length;
    work = TokenhooksWorkdir.create("engine-killed", engine, () => ({ ...emulatorEnv(emulator), ...mode.env }), tokenhooksConfig(resources()));
    await work.init();
    emulator.faults.add({ method: "POST", path: createPath(), fault: { kind: "hang", ms: CREATE_DELAY_MS } });

    const apply = work.start(["apply", "-input=false", "-auto-approve"], { timeoutMs: STEP_TIMEOUT });
    // The rule is used up once the create reached the emulator, which now holds it for a while.
    await until(() => emulator.faults.list().length === 0, "the create to reach the emulator", STEP_TIMEOUT);
    expect(pluginProcessesIn(work.dir).length).toBeGreaterThan(0);
    process.kill(apply.pid, "SIGKILL");
    expect((await apply.finished).exitCode).toBe(137);
    await untilNoPluginIn(work.dir, STEP_TIMEOUT);
    // Without the plugin's help the create would still complete, later: wait for it either way.
    await until(() => emulator.requestLog().some((entry) => entry.method === "POST" && entry.path === createPath()), "the create to complete", STEP_TIMEOUT);

    const events = emulator
      .history()
      .slice(seededEvents)
      .filter((event) => event.resource === resource);
    const createdIds = events.filter((event) => event.action === "create").map((event) => event.id);
    expect(createdIds).toHaveLength(1);
    expect(events.map((event) => [event.action, event.id])).toEqual([
      ["create", createdIds[0]],
      [resource === "team-token" ? "revoke" : "delete", createdIds[0]],
    ]);
    expect(emulator.inventory()).toEqual(before);

    await work.apply({ timeoutMs: STEP_TIMEOUT });
    expect((await work.plan({ timeoutMs: STEP_TIMEOUT })).exitCode).toBe(0);
    const inState = (await work.shown()).map((shown) => String(shown.values.id));
    const after = emulator.inventory();
    const live = [...after.teamTokens, ...after.appConnections].map((object) => object.id);
    const seeded = [...before.teamTokens, ...before.appConnections].map((object) => object.id);
    expect(live.filter((id) => !seeded.includes(id))).toEqual(inState);
  }, 4 * STEP_TIMEOUT);
});
