import { startEmulator, type Emulator } from "../../../src/emulator";
import type { CtyObject } from "../../../src/plugin/cty/values";
import type { ResourceContext, ResourceDefinition } from "../../../src/plugin/framework/definition";
import { checkShape, checkTypes, fillMissing } from "../../../src/plugin/framework/state-checks";
import { tfcAgentsProvider, type AgentsApi } from "../../../stacks/agent-token/tfcagents.provider";
import { tfcAgentsProviderSchema } from "../../../stacks/agent-token/schema";

/**
 * The example's agent-pool and agent-token hooks (stacks/agent-token/tfcagents.provider.ts) against the
 * emulator in this process, called as the framework calls them, with the provider configured
 * from the environment variables the demo sets.
 */

const silentLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false, seed: "agent-token-example" });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

const resource = (typeName: string) => tfcAgentsProvider.resources.find((candidate) => candidate.schema.typeName === typeName) as ResourceDefinition<AgentsApi>;
const pools = resource("tfcagents_pool");
const tokens = resource("tfcagents_token");

/** The provider configured as the engine would, the block empty and the values from the environment. */
async function context(env: { address?: string | null; token?: string | null } = {}): Promise<ResourceContext<AgentsApi>> {
  const config = { hostname: null, address: emulator.tfcAddress, token: emulator.seeded.ownerUserToken, ...env };
  const clients = await tfcAgentsProvider.configure(config, { terraformVersion: "1.11.4" });
  return { clients, now: () => new Date(), log: silentLog, warn: () => undefined, warnOncePerRun: () => undefined, stopping: new AbortController().signal };
}

/** A state the framework would accept for `definition`: every attribute present and well typed. */
function expectStorable(definition: ResourceDefinition<AgentsApi>, state: CtyObject): void {
  expect([...checkShape(definition.schema, state, "state"), ...checkTypes(definition.schema, state, "state")]).toEqual([]);
}

async function createPool(ctx: ResourceContext<AgentsApi>, name = "build-agents"): Promise<CtyObject> {
  const { state } = await pools.create(ctx, { planned: { organization: emulator.seeded.organization, name }, config: { organization: emulator.seeded.organization, name } });
  return state;
}

async function createToken(ctx: ResourceContext<AgentsApi>, agentPoolId: string, description = "build agents"): Promise<CtyObject> {
  const { state } = await tokens.create(ctx, { planned: { agent_pool_id: agentPoolId, description }, config: { agent_pool_id: agentPoolId, description } });
  return state;
}

async function deleteOutsideTerraform(path: string): Promise<void> {
  const response = await fetch(`${emulator.tfcAddress}/api/v2${path}`, { method: "DELETE", headers: { authorization: `Bearer ${emulator.seeded.ownerUserToken}` } });
  expect(response.status).toBe(204);
}

describe("the example's tfcagents provider", () => {
  test("creates a pool and an agent token whose secret only the create returns; a read keeps it", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    expectStorable(pools, pool);
    expect(pool).toEqual({ id: expect.stringMatching(/^apool-/), organization: emulator.seeded.organization, name: "build-agents", created_at: expect.any(String) });

    const token = await createToken(ctx, pool.id as string);
    expectStorable(tokens, token);
    expect(token).toEqual({
      id: expect.stringMatching(/^at-/),
      agent_pool_id: pool.id,
      description: "build agents",
      token: expect.any(String),
      created_at: expect.any(String),
      last_used_at: null,
    });
    expect(emulator.inventory().agentTokens).toEqual([expect.objectContaining({ id: token.id, agentPoolId: pool.id, description: "build agents" })]);

    const read = await tokens.read(ctx, { state: token, private: undefined });
    expect(read?.state).toEqual(token);
  });

  test("renames a pool in place", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    const { state } = await pools.update!(ctx, { prior: pool, planned: { ...pool, name: "release-agents" }, config: { organization: pool.organization, name: "release-agents" }, private: undefined });
    expect(state).toEqual({ ...pool, name: "release-agents" });
    expect((await pools.read(ctx, { state: pool, private: undefined }))?.state).toEqual(state);
  });

  test("reads null for a token or pool deleted outside Terraform, so the next plan creates it again; deleting one gone succeeds", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    const token = await createToken(ctx, pool.id as string);
    await deleteOutsideTerraform(`/authentication-tokens/${token.id}`);
    expect(await tokens.read(ctx, { state: token, private: undefined })).toBeNull();
    await expect(tokens.delete(ctx, { state: token, private: undefined })).resolves.toBeUndefined();

    await deleteOutsideTerraform(`/agent-pools/${pool.id}`);
    expect(await pools.read(ctx, { state: pool, private: undefined })).toBeNull();
    await expect(pools.delete(ctx, { state: pool, private: undefined })).resolves.toBeUndefined();
  });

  test("deletes the token, then the pool, leaving the emulator as seeded", async () => {
    const ctx = await context();
    const seeded = emulator.inventory();
    const pool = await createPool(ctx);
    const token = await createToken(ctx, pool.id as string);
    await tokens.delete(ctx, { state: token, private: undefined });
    await pools.delete(ctx, { state: pool, private: undefined });
    expect(emulator.inventory()).toEqual(seeded);
    expect(await pools.read(ctx, { state: pool, private: undefined })).toBeNull();
  });

  test("imports a token as <agent_pool_id>/<token id>; the read fills the rest, with no secret to read back", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    const created = await createToken(ctx, pool.id as string);
    const imported = await tokens.import!(ctx, { id: `${pool.id}/${created.id}` });
    expect(imported.state).toEqual({ id: created.id, agent_pool_id: pool.id });
    const read = await tokens.read(ctx, { state: fillMissing(tokens.schema, imported.state), private: undefined });
    expect(read?.state).toEqual({ ...created, token: null });

    await expect(tokens.import!(ctx, { id: created.id as string })).rejects.toThrow(`tfcagents_token: import takes "<agent_pool_id>/<token id>" (apool-.../at-...), got "${created.id}"`);
  });

  test("imports a pool by its id", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    const imported = await pools.import!(ctx, { id: pool.id as string });
    expect((await pools.read(ctx, { state: fillMissing(pools.schema, imported.state), private: undefined }))?.state).toEqual(pool);
  });

  test("fails clearly, naming the call and the API's message, and never shows the API token", async () => {
    const ctx = await context();
    const pool = await createPool(ctx);
    const failures = await Promise.all([
      createToken(ctx, "apool-doesNotExist1234").catch((error: Error) => error.message),
      createToken(ctx, pool.id as string, " ").catch((error: Error) => error.message),
      createToken(await context({ token: "not-a-valid-token" }), pool.id as string).catch((error: Error) => error.message),
      createToken(await context({ token: null }), pool.id as string).catch((error: Error) => error.message),
    ]);
    expect(failures).toEqual([
      "HCP Terraform answered POST /agent-pools/apool-doesNotExist1234/authentication-tokens with 404: not found",
      `HCP Terraform answered POST /agent-pools/${pool.id}/authentication-tokens with 422: Description can't be blank`,
      `HCP Terraform answered POST /agent-pools/${pool.id}/authentication-tokens with 401: unauthorized`,
      "tfcagents: no API token: set the provider's token, or TFE_TOKEN",
    ]);
    for (const message of failures) {
      expect(message).not.toContain(emulator.seeded.ownerUserToken);
      expect(message).not.toContain("not-a-valid-token");
    }
  });

  test("takes the address with a trailing slash, and refuses plain http except on loopback", async () => {
    const ctx = await context({ address: `${emulator.tfcAddress}/` });
    expect(await createPool(ctx)).toMatchObject({ name: "build-agents" });
    const [refuse] = tfcAgentsProviderSchema.attributes.address.validators ?? [];
    expect(refuse("http://tfe.example.com")).toBe('must be an https:// URL (plain http:// only on loopback), got "http://tfe.example.com"');
    expect(refuse("http://127.0.0.1:8080")).toBeUndefined();
    expect(refuse("https://tfe.example.com")).toBeUndefined();
  });
});
