import { startEmulator, type Emulator } from "../../../src/emulator";
import { AGREES, reconcile } from "../../support/inventory-invariant";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir, type Resources } from "../../support/tokenhooks-workdir";
import { describeEachServerMode } from "../../support/server-modes";
import { heavyEngines, variant } from "../../support/variant";

/**
 * Issue #7, concurrency: many resources applied with `-parallelism=20` while the emulator allows
 * 30 HCP Terraform requests per second: the clients pace themselves to the limit (and would wait
 * out a 429), so create, refresh and destroy all succeed, and the emulator ends up holding
 * exactly what the state records.
 */

const STEP_TIMEOUT = 300_000;
const RATE_LIMIT = 30;
const TEAM_TOKENS = variant(40, 120);
const CONNECTIONS = variant(10, 30);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false, rateLimitPerSecond: RATE_LIMIT });
});
afterAll(() => emulator?.close());

function resources(): Resources {
  const teams = emulator.seeded.otherTeams.map((team) => team.id);
  const tokens = Object.fromEntries(
    Array.from({ length: TEAM_TOKENS }, (_, index) => [`t${index}`, { team_id: teams[index % teams.length], description: `parallel ${index}`, lifecycle: { create_before_destroy: true } }]),
  );
  const connections = Object.fromEntries(Array.from({ length: CONNECTIONS }, (_, index) => [`c${index}`, { name: `parallel-${index}`, auth_token: "${var.heroku}" }]));
  return { tokenhooks_team_token: tokens, tokenhooks_infisical_heroku_connection: connections };
}

describeEachServerMode(`${TEAM_TOKENS + CONNECTIONS} resources with -parallelism=20 under a ${RATE_LIMIT} req/s limit`, heavyEngines(), (engine, mode) => {
  let work: TokenhooksWorkdir;
  const env = () => ({ ...emulatorEnv(emulator), TF_VAR_heroku: emulator.seeded.herokuAuthToken, ...mode.env });
  const parallel = ["-parallelism=20"];

  beforeAll(async () => {
    emulator.reset();
    work = TokenhooksWorkdir.create("concurrency", engine, env, { ...tokenhooksConfig(resources()), variable: { heroku: { type: "string", sensitive: true } } });
    await work.init();
  }, STEP_TIMEOUT);
  afterAll(() => work?.dispose());

  test("apply, refresh and destroy without a single failure", async () => {
    const baseline = emulator.inventory();
    await work.apply({ timeoutMs: STEP_TIMEOUT }, parallel);
    const applyRequests = emulator.requestLog().filter((entry) => entry.api === "tfc");
    expect((await work.plan({ timeoutMs: STEP_TIMEOUT }, )).exitCode).toBe(0);
    const state = await work.shown();
    expect(state).toHaveLength(TEAM_TOKENS + CONNECTIONS);
    expect(reconcile(baseline, emulator.inventory(), state)).toEqual(AGREES);
    await work.destroy({ timeoutMs: STEP_TIMEOUT });
    expect(reconcile(baseline, emulator.inventory(), [])).toEqual(AGREES);
    // More requests than one window allows, so the limit was in play; the pacer kept to it.
    expect(applyRequests.length).toBeGreaterThan(RATE_LIMIT);
    expect(applyRequests.filter((entry) => entry.status === 429).length).toBeLessThanOrEqual(5);
  }, 3 * STEP_TIMEOUT);
});
