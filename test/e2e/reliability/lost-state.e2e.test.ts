import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator, type Inventory } from "../../../src/emulator";
import { engines } from "../../support/engines";
import { AGREES, reconcile } from "../../support/inventory-invariant";
import { describeEachServerMode } from "../../support/server-modes";
import { emulatorEnv, tokenhooksConfig, TokenhooksWorkdir, type Resources } from "../../support/tokenhooks-workdir";

/**
 * A run's state changes lost after the plugin did its work and exited normally: what OpenTofu
 * does when killed between shutting the plugin down and saving a local state (found by the kill
 * test). Reproduced deterministically by putting back the state file from before the run. The
 * described team token that run made cannot be adopted (its secret is gone), so the next create
 * of that token revokes it, from the working directory's journal, and nothing is left behind.
 */

const STEP_TIMEOUT = 120_000;
const TOKEN = "tokenhooks_team_token.ci";
const REVOKED_WARNING = /Revoked (at-[A-Za-z0-9]+), a token an interrupted run left behind/;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

describeEachServerMode("a run whose state was lost after the plugin finished", engines(), (engine, mode) => {
  let work: TokenhooksWorkdir | undefined;
  let baseline: Inventory;
  afterEach(() => {
    work?.dispose();
    work = undefined;
  });

  async function workdir(resources: Resources): Promise<TokenhooksWorkdir> {
    emulator.reset();
    baseline = emulator.inventory();
    work = TokenhooksWorkdir.create("lost-state", engine, () => ({ ...emulatorEnv(emulator), ...mode.env }), tokenhooksConfig(resources));
    await work.init();
    return work;
  }

  const statePath = () => join(work!.dir, "terraform.tfstate");
  const teamToken = () => ({ team_id: emulator.seeded.nonOwnerTeamId, description: "ci", lifecycle: { create_before_destroy: true } });

  async function expectStateAgrees(): Promise<void> {
    expect((await work!.plan({ timeoutMs: STEP_TIMEOUT })).exitCode).toBe(0);
    expect(reconcile(baseline, emulator.inventory(), await work!.shown())).toEqual(AGREES);
  }

  test("a lost create: the next apply creates the token again and revokes the unrecorded one", async () => {
    const work = await workdir({ tokenhooks_team_token: { ci: teamToken() } });
    await work.apply({ timeoutMs: STEP_TIMEOUT });
    const [lost] = emulator.inventory().teamTokens.filter((token) => !baseline.teamTokens.some((seeded) => seeded.id === token.id));
    rmSync(statePath());

    const rerun = await work.apply({ timeoutMs: STEP_TIMEOUT });
    expect(REVOKED_WARNING.exec(rerun.stdout + rerun.stderr)?.[1]).toBe(lost.id);
    await expectStateAgrees();
  }, 6 * STEP_TIMEOUT);

  test("a lost rotation: the old token is gone, its unrecorded successor is revoked, the connection gets the new one", async () => {
    const work = await workdir({
      tokenhooks_team_token: { ci: teamToken() },
      tokenhooks_infisical_terraform_cloud_connection: { ci: { name: "tfc-ci", api_token: `\${${TOKEN}.token}` } },
    });
    await work.apply({ timeoutMs: STEP_TIMEOUT });
    copyFileSync(statePath(), `${statePath()}.before-rotation`);
    await work.apply({ timeoutMs: STEP_TIMEOUT }, [`-replace=${TOKEN}`]);
    const [successor] = emulator.inventory().teamTokens.filter((token) => !baseline.teamTokens.some((seeded) => seeded.id === token.id));
    copyFileSync(`${statePath()}.before-rotation`, statePath());

    const rerun = await work.apply({ timeoutMs: STEP_TIMEOUT });
    expect(REVOKED_WARNING.exec(rerun.stdout + rerun.stderr)?.[1]).toBe(successor.id);
    await expectStateAgrees();
    const [token] = (await work.shown()).filter((resource) => resource.address === TOKEN);
    expect(emulator.inventory().appConnections.map((connection) => connection.credentialsRef)).toEqual([{ service: "tfc", tokenId: token.values.id, valid: true }]);
  }, 8 * STEP_TIMEOUT);
});
