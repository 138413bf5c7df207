import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, Testing } from "cdktf";
import { summarize } from "../../src/cli/emulator-command";
import { startEmulator, type Emulator, type Inventory } from "../../src/emulator";
import { AgentsStack } from "../../stacks/agents-stack";
import { runCommand, type CommandResult } from "../support/commands";
import { describeEachEngine } from "../support/engines";

/**
 * The example's agents stack (stacks/agents-stack.ts, whose provider stacks/agent-token packages
 * at synth) on each engine against the emulator in this process: the token is created with its
 * secret, refreshed without change, created again after it was deleted outside Terraform,
 * imported as `<agent_pool_id>/<token id>` without a change, and destroyed with its pool.
 */

const ENGINE_TIMEOUT = 120_000;
const TOKEN = "tfcagents_token.build-agent-token";
const POOL = "tfcagents_pool.build-agents";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false, seed: "agent-token-e2e" });
});
afterAll(() => emulator?.close());

interface ShownPlan {
  resource_changes?: { address: string; change: { actions: string[] } }[];
}

describeEachEngine("the example agents stack", (engine) => {
  let scratch: string;
  let stackDir: string;
  let env: NodeJS.ProcessEnv;
  let baseline: Inventory;
  /** What the runs a person reads printed (`show -json` and `output -json` print sensitive values on purpose). */
  const printed: string[] = [];

  const run = async (...args: string[]): Promise<CommandResult> => {
    const result = await runCommand(engine.path, args, { cwd: stackDir, env, timeoutMs: ENGINE_TIMEOUT });
    if (!["show", "output"].includes(args[0])) printed.push(result.stdout, result.stderr);
    return result;
  };
  /** The planned actions by resource address (`show -json` of a saved plan). */
  const plannedActions = async (): Promise<Record<string, string[]>> => {
    await run("plan", "-no-color", "-out=tfplan");
    const shown = JSON.parse((await run("show", "-json", "tfplan")).stdout) as ShownPlan;
    return Object.fromEntries((shown.resource_changes ?? []).map(({ address, change }) => [address, change.actions]));
  };
  const secretOutput = async (): Promise<string> => (JSON.parse((await run("output", "-json", "agent_token")).stdout) as string);
  const addedTokens = () => emulator.inventory().agentTokens.filter((token) => !baseline.agentTokens.some((old) => old.id === token.id));

  beforeAll(async () => {
    emulator.reset();
    baseline = emulator.inventory();
    scratch = mkdtempSync(join(tmpdir(), "agent-token-e2e-"));
    const { seeded } = emulator;
    const settings = { organization: seeded.organization, teamId: seeded.nonOwnerTeamId, environmentTeams: {} };
    const stack = new AgentsStack(Testing.app() as App, "agents", settings);
    new LocalBackend(stack, { path: join(scratch, "terraform.tfstate") });
    stackDir = join(Testing.fullSynth(stack), "stacks", "agents");
    const { TFE_ADDRESS, TFE_TOKEN } = summarize(emulator).env;
    env = { PATH: process.env.PATH, HOME: scratch, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1", TFE_ADDRESS, TFE_TOKEN };
    await run("init", "-no-color");
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(stackDir, "..", ".."), { recursive: true, force: true });
  });

  test(
    "creates the pool and a token whose secret only the state and a sensitive output hold, then refreshes without change",
    async () => {
      await run("apply", "-no-color", "-auto-approve");
      const [token] = addedTokens();
      expect(addedTokens()).toEqual([expect.objectContaining({ agentPoolId: expect.stringMatching(/^apool-/), description: "build agents" })]);
      const secret = await secretOutput();
      expect(secret).toMatch(/\S{20,}/);
      expect(await plannedActions()).toEqual({ [POOL]: ["no-op"], [TOKEN]: ["no-op"] });
      expect(printed.filter((output) => output.includes(secret))).toEqual([]);
      expect(token.id).toBe(JSON.parse((await run("output", "-json", "agent_token_id")).stdout));
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "plans a new token once the token is deleted outside Terraform, and creates it",
    async () => {
      const [gone] = addedTokens();
      const response = await fetch(`${emulator.tfcAddress}/api/v2/authentication-tokens/${gone.id}`, { method: "DELETE", headers: { authorization: `Bearer ${emulator.seeded.ownerUserToken}` } });
      expect(response.status).toBe(204);
      expect(await plannedActions()).toEqual({ [POOL]: ["no-op"], [TOKEN]: ["create"] });
      await run("apply", "-no-color", "tfplan");
      expect(addedTokens()).toEqual([expect.objectContaining({ agentPoolId: gone.agentPoolId, description: "build agents" })]);
      expect(addedTokens()[0].id).not.toBe(gone.id);
    },
    ENGINE_TIMEOUT * 4,
  );

  test(
    "imports the token as <agent_pool_id>/<token id> with no change planned, and destroys both",
    async () => {
      const [token] = addedTokens();
      await run("state", "rm", TOKEN);
      await run("import", "-no-color", TOKEN, `${token.agentPoolId}/${token.id}`);
      expect(await plannedActions()).toEqual({ [POOL]: ["no-op"], [TOKEN]: ["no-op"] });
      // The secret cannot be read back: an imported token has none.
      const shown = JSON.parse((await run("show", "-json")).stdout) as { values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } } };
      expect(shown.values.root_module.resources.find(({ address }) => address === TOKEN)?.values).toEqual({
        id: token.id,
        agent_pool_id: token.agentPoolId,
        description: "build agents",
        token: null,
        created_at: token.createdAt,
        last_used_at: null,
      });

      await run("destroy", "-no-color", "-auto-approve");
      expect(emulator.inventory()).toEqual(baseline);
      const pools = await fetch(`${emulator.tfcAddress}/api/v2/organizations/${emulator.seeded.organization}/agent-pools`, {
        headers: { authorization: `Bearer ${emulator.seeded.ownerUserToken}` },
      });
      expect(((await pools.json()) as { data: unknown[] }).data).toEqual([]);
    },
    ENGINE_TIMEOUT * 4,
  );
});
