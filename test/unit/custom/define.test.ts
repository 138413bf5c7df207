import { encodeMsgpack, decodeMsgpack } from "../../../src/plugin/cty";
import { BigDecimal, UNKNOWN, type CtyObject, type CtyValue } from "../../../src/plugin/cty/values";
import { blockType } from "../../../src/plugin/framework/block-type";
import { createProviderPlugin } from "../../../src/plugin/framework/provider-server";
import type { DynamicValue } from "../../../src/plugin/protocol/tfplugin6";
import { attribute, defineProvider, defineResource, DefinitionError, providerSchema, resourceSchema, types } from "../../../src/custom";

const silent = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const vaultSchema = resourceSchema({
  typeName: "demo_vault",
  version: 0,
  description: "A vault.",
  attributes: {
    id: attribute.string({ computed: true, description: "Id." }),
    name: attribute.string({ required: true, requiresReplace: true, description: "Name." }),
    capacity: attribute.bigint({ optional: true, requiresReplace: true, description: "Capacity.", defaultDescription: "unbounded" }),
    tier: attribute.string({ default: "standard", requiresReplace: true, description: "Tier." }),
    password: attribute.string({ optional: true, writeOnly: true, sensitive: true, description: "Password.", defaultDescription: "none" }),
    tags: attribute.map(types.string, { optional: true, requiresReplace: true, description: "Tags.", defaultDescription: "none" }),
  },
});

const providerBlock = providerSchema({ typeName: "demo", version: 0, description: "Demo.", attributes: {} });
const TYPE = blockType(vaultSchema);
const dv = (value: CtyValue, type = TYPE): DynamicValue => ({ msgpack: encodeMsgpack(value, type) });
const decoded = (value: DynamicValue | undefined) => decodeMsgpack(value!.msgpack!, TYPE) as CtyObject;
const vault = (values: CtyObject): CtyObject => ({ id: null, name: null, capacity: null, tier: null, password: null, tags: null, ...values });

function serve(hooks: Partial<Parameters<typeof defineResource<typeof vaultSchema, { seen: unknown[] }>>[1]> = {}) {
  const seen: unknown[] = [];
  const resource = defineResource<typeof vaultSchema, { seen: unknown[] }>(vaultSchema, {
    create: (ctx, { planned, config }) => {
      ctx.clients.seen.push({ planned, config });
      return { state: { ...planned, id: "v-1" } };
    },
    read: (_ctx, { state }) => ({ state }),
    delete: (ctx, { state }) => void ctx.clients.seen.push({ deleted: state.id }),
    ...hooks,
  });
  const plugin = createProviderPlugin(defineProvider(providerBlock, { configure: () => ({ seen }), resources: [resource] }), { log: silent });
  return { plugin, seen };
}

async function configured(plugin: ReturnType<typeof serve>["plugin"]) {
  await plugin.handlers.ConfigureProvider({ terraform_version: "1.11.4", config: dv({}, blockType(providerBlock)) });
}

describe("typed hooks through the framework", () => {
  const big = "9223372036854775807";
  const config = vault({ name: "v", capacity: new BigDecimal(big), password: "pw", tags: { team: "a" } });

  test("a default is planned, and create sees bigints, write-only values in config only, and known values", async () => {
    const { plugin, seen } = serve();
    await configured(plugin);
    const plan = await plugin.handlers.PlanResourceChange({ type_name: "demo_vault", prior_state: dv(null), proposed_new_state: dv({ ...config, password: null }), config: dv(config), prior_private: Buffer.alloc(0), planned_private: Buffer.alloc(0) });
    expect(plan.diagnostics).toEqual([]);
    const planned = decoded(plan.planned_state);
    expect(planned).toMatchObject({ tier: "standard", id: UNKNOWN, password: null });
    const applied = await plugin.handlers.ApplyResourceChange({ type_name: "demo_vault", prior_state: dv(null), planned_state: plan.planned_state, config: dv(config), planned_private: Buffer.alloc(0) });
    expect(applied.diagnostics).toEqual([]);
    expect(seen).toEqual([{ planned: { name: "v", capacity: BigInt(big), tier: "standard", password: null, tags: { team: "a" } }, config: expect.objectContaining({ password: "pw", capacity: BigInt(big) }) }]);
    expect(decoded(applied.new_state)).toEqual(vault({ id: "v-1", name: "v", capacity: new BigDecimal(big), tier: "standard", tags: { team: "a" } }));
  });

  test("a creation is kept when the engine dies, unless the resource asks for rollback", async () => {
    for (const rollbackOnEngineDeath of [false, true]) {
      const { plugin, seen } = serve({ rollbackOnEngineDeath });
      await configured(plugin);
      const planned = vault({ name: "v", tier: "standard", id: UNKNOWN });
      await plugin.handlers.ApplyResourceChange({ type_name: "demo_vault", prior_state: dv(null), planned_state: dv(planned), config: dv(vault({ name: "v" })), planned_private: Buffer.alloc(0) });
      plugin.engineDied();
      await plugin.drain();
      expect(seen.filter((entry) => (entry as { deleted?: string }).deleted)).toEqual(rollbackOnEngineDeath ? [{ deleted: "v-1" }] : []);
    }
  });

  test("a whole number a JS number cannot hold fails naming the attribute, before any hook call", () => {
    const numbers = resourceSchema({
      typeName: "demo_count",
      version: 0,
      description: "Counts.",
      attributes: { id: attribute.string({ computed: true, description: "Id." }), count: attribute.number({ required: true, requiresReplace: true, description: "Count." }) },
    });
    const resource = defineResource(numbers, { create: () => ({ state: { id: "c", count: 1 } }), read: () => null, delete: () => undefined });
    return expect(resource.create(undefined as never, { planned: { id: UNKNOWN, count: new BigDecimal("9007199254740993") }, config: { id: null, count: new BigDecimal("9007199254740993") } })).rejects.toMatchObject({
      attributePath: ["count"],
      message: expect.stringContaining("attribute.bigint()"),
    });
  });
});

describe("bad definitions fail where they are written, naming the file and the attribute", () => {
  const here = "test/unit/custom/define.test.ts";
  const base = { version: 0, description: "x" };
  const id = attribute.string({ computed: true, description: "Id." });

  test.each([
    ["a duplicate attribute", { typeName: "demo_a", attributes: { id, a_b1: attribute.string({ required: true, requiresReplace: true, description: "a" }), a_b_1: attribute.string({ required: true, requiresReplace: true, description: "b" }) } }, /demo_a\.a_b_1: duplicate attribute: "a_b1" and "a_b_1"/],
    ["required together with computed", { typeName: "demo_b", attributes: { id, name: attribute.string({ required: true, computed: true, requiresReplace: true, description: "n" }) } }, /demo_b\.name: cannot set both computed and required/],
    ["an invalid type name", { typeName: "Demo Thing", attributes: { id } }, /resource type name "Demo Thing": must be "<provider>_<name>"/],
    ["a sensitive id", { typeName: "demo_c", attributes: { id: attribute.string({ computed: true, sensitive: true, description: "Id." }) } }, /demo_c\.id: the id is shown in plans, logs and import commands, so it cannot be sensitive/],
  ])("%s", (_what, spec, message) => {
    let failure: unknown;
    try {
      resourceSchema({ ...base, ...spec });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DefinitionError);
    expect((failure as Error).message).toMatch(new RegExp(`^${here}:\\d+: invalid resource schema`));
    expect((failure as Error).message).toMatch(message);
  });

  test("a provider serving a resource of another prefix", () => {
    expect(() => defineProvider(providerBlock, { configure: () => ({}), resources: [defineResource(resourceSchema({ ...base, typeName: "other_thing", attributes: { id } }), { create: () => ({ state: { id: "x" } }), read: () => null, delete: () => undefined })] })).toThrow(
      new RegExp(`^${here}:\\d+: invalid provider demo:\\n  - other_thing: resource type name must be "demo_"`),
    );
  });
});
