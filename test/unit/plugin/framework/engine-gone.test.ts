import { encodeMsgpack } from "../../../../src/plugin/cty";
import type { CtyObject, CtyValue } from "../../../../src/plugin/cty/values";
import { blockType } from "../../../../src/plugin/framework/block-type";
import { PartialStateError, type HookResult, type ProviderDefinition, type ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { createProviderPlugin } from "../../../../src/plugin/framework/provider-server";
import type { Logger } from "../../../../src/plugin/protocol/log";
import type { DynamicValue } from "../../../../src/plugin/protocol/tfplugin6";
import { widget, widgetSchema } from "./fixtures";

/**
 * When the engine dies mid-apply, the plugin lets calls in flight finish and deletes whatever a
 * create made after that moment: no state can ever record it.
 */

const TYPE = blockType(widgetSchema);
const PROVIDER_SCHEMA = { version: 0, description: "p", attributes: {} };
const silent: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const dv = (value: CtyValue, type = TYPE): DynamicValue => ({ msgpack: encodeMsgpack(value, type) });
const NO_BYTES = Buffer.alloc(0);

/** A promise and the function that settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const created = (planned: CtyObject): HookResult => ({ state: { ...planned, id: "w-1", label: "l", token: "tok" }, private: { marker: "m" } });

function setup(overrides: Partial<ResourceDefinition<unknown>> = {}, drainLimitMs?: number, finish?: ProviderDefinition<unknown>["finish"]) {
  const resource: ResourceDefinition<unknown> = {
    schema: widgetSchema,
    create: jest.fn(async (_ctx, { planned }) => created(planned)),
    read: jest.fn(async (_ctx, { state }) => ({ state })),
    update: jest.fn(async (_ctx, { planned }) => ({ state: planned })),
    delete: jest.fn(async () => undefined),
    rollbackOnEngineDeath: true,
    ...overrides,
  };
  const definition: ProviderDefinition<unknown> = { typeName: "demo", schema: PROVIDER_SCHEMA, configure: () => ({}), resources: [resource], ...(finish ? { finish } : {}) };
  const plugin = createProviderPlugin(definition, { log: silent, ...(drainLimitMs === undefined ? {} : { drainLimitMs }) });
  return { resource, plugin };
}

async function configured(plugin: ReturnType<typeof setup>["plugin"]): Promise<void> {
  await plugin.handlers.ConfigureProvider({ terraform_version: "1.11.4", config: dv({}, blockType(PROVIDER_SCHEMA)) });
}

const planned = widget({ name: "w", id: "x", label: "l", token: "x" });
const apply = (prior: CtyObject | null, next: CtyObject | null) => ({
  type_name: "demo_widget",
  prior_state: dv(prior),
  planned_state: dv(next),
  config: dv(next === null ? null : widget({ name: "w" })),
  planned_private: NO_BYTES,
});

test("a create that finishes after the engine is gone is deleted again, with what it created", async () => {
  const gate = deferred<void>();
  const { resource, plugin } = setup({
    create: jest.fn(async (_ctx, { planned: p }) => {
      await gate.promise;
      return created(p);
    }),
  });
  await configured(plugin);
  const call = plugin.handlers.ApplyResourceChange(apply(null, planned));
  plugin.engineGone();
  const drained = plugin.drain();
  gate.resolve();
  await drained;
  expect(resource.delete).toHaveBeenCalledTimes(1);
  expect(resource.delete).toHaveBeenCalledWith(expect.anything(), { state: expect.objectContaining({ id: "w-1", token: "tok", password: null }), private: { marker: "m" } });
  await call;
});

test("so is what a create saved as partial state before failing", async () => {
  const gate = deferred<void>();
  const { resource, plugin } = setup({
    create: jest.fn(async () => {
      await gate.promise;
      throw new PartialStateError(widget({ id: "w-2", name: "w" }), new Error("expiry capped"), { marker: "p" });
    }),
  });
  await configured(plugin);
  void plugin.handlers.ApplyResourceChange(apply(null, planned));
  plugin.engineGone();
  gate.resolve();
  await plugin.drain();
  expect(resource.delete).toHaveBeenCalledWith(expect.anything(), { state: expect.objectContaining({ id: "w-2" }), private: { marker: "p" } });
});

test("creates answered while the engine was there, updates and deletes are left alone", async () => {
  const updateGate = deferred<void>();
  const { resource, plugin } = setup({
    update: jest.fn(async (_ctx, { planned: p }) => {
      await updateGate.promise;
      return { state: p };
    }),
  });
  await configured(plugin);
  await plugin.handlers.ApplyResourceChange(apply(null, planned));
  const stored = created(planned).state;
  const update = plugin.handlers.ApplyResourceChange(apply(stored, { ...stored, note: "changed" }));
  plugin.engineGone();
  updateGate.resolve();
  await plugin.drain();
  await update;
  expect(resource.create).toHaveBeenCalledTimes(1);
  expect(resource.update).toHaveBeenCalledTimes(1);
  expect(resource.delete).not.toHaveBeenCalled();
});

test("a failing delete is logged, and draining still ends", async () => {
  const gate = deferred<void>();
  const { resource, plugin } = setup({
    create: jest.fn(async (_ctx, { planned: p }) => {
      await gate.promise;
      return created(p);
    }),
    delete: jest.fn(async () => {
      throw new Error("API down");
    }),
  });
  await configured(plugin);
  void plugin.handlers.ApplyResourceChange(apply(null, planned));
  plugin.engineGone();
  gate.resolve();
  await plugin.drain();
  expect(resource.delete).toHaveBeenCalledTimes(1);
});

test("draining waits for calls in flight, and no longer than its limit", async () => {
  const gate = deferred<void>();
  const { plugin } = setup(
    {
      create: jest.fn(async (_ctx, { planned: p }) => {
        await gate.promise;
        return created(p);
      }),
    },
    50,
  );
  await configured(plugin);
  let finished = false;
  void plugin.handlers.ApplyResourceChange(apply(null, planned)).then(() => {
    finished = true;
  });
  const started = Date.now();
  await plugin.drain();
  expect(finished).toBe(false);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  gate.resolve();
  await plugin.drain();
  expect(finished).toBe(true);
});

describe("the engine process died before finishing", () => {
  test("everything this process created and did not delete since is deleted again, newest first", async () => {
    const ids = ["w-1", "w-2", "w-3"];
    const { resource, plugin } = setup({ create: jest.fn(async (_ctx, { planned: p }) => ({ state: { ...p, id: ids.shift()!, label: "l", token: "tok" }, private: {} })) });
    await configured(plugin);
    for (let i = 0; i < 3; i++) await plugin.handlers.ApplyResourceChange(apply(null, planned));
    // The engine deleted w-2 itself before it died.
    await plugin.handlers.ApplyResourceChange(apply({ ...created(planned).state, id: "w-2" }, null));
    (resource.delete as jest.Mock).mockClear();

    plugin.engineDied();
    await plugin.drain();

    const deleted = (resource.delete as jest.Mock).mock.calls.map(([, request]) => (request as { state: CtyObject }).state.id);
    expect(deleted).toEqual(["w-3", "w-1"]);
  });

  test("a resource without rollbackOnEngineDeath keeps what it created", async () => {
    const { resource, plugin } = setup({ rollbackOnEngineDeath: false });
    await configured(plugin);
    await plugin.handlers.ApplyResourceChange(apply(null, planned));
    plugin.engineDied();
    await plugin.drain();
    expect(resource.delete).not.toHaveBeenCalled();
  });

  test("a dropped connection alone deletes nothing that was answered", async () => {
    const { resource, plugin } = setup();
    await configured(plugin);
    await plugin.handlers.ApplyResourceChange(apply(null, planned));
    plugin.engineGone();
    await plugin.drain();
    expect(resource.delete).not.toHaveBeenCalled();
  });

  test("what a failed create saved as partial state is deleted too, with its private state", async () => {
    const { resource, plugin } = setup({
      create: jest.fn(async () => {
        throw new PartialStateError(widget({ id: "w-5", name: "w" }), new Error("expiry capped"), { marker: "p" });
      }),
    });
    await configured(plugin);
    await plugin.handlers.ApplyResourceChange(apply(null, planned));
    plugin.engineDied();
    await plugin.drain();
    expect(resource.delete).toHaveBeenCalledWith(expect.anything(), { state: expect.objectContaining({ id: "w-5" }), private: { marker: "p" } });
  });
});

describe("the provider's finish hook", () => {
  test("runs once calls are done, telling a plan walk from an apply walk", async () => {
    const finish = jest.fn();
    const planWalk = setup({}, undefined, finish).plugin;
    await configured(planWalk);
    await planWalk.drain();
    expect(finish).toHaveBeenLastCalledWith({ applied: false, engineDied: false });

    const gate = deferred<void>();
    const slowCreate = jest.fn(async (_ctx, { planned: p }) => {
      await gate.promise;
      return created(p);
    });
    const applyWalk = setup({ create: slowCreate }, undefined, finish).plugin;
    await configured(applyWalk);
    void applyWalk.handlers.ApplyResourceChange(apply(null, planned));
    const drained = applyWalk.drain();
    await Promise.resolve();
    expect(finish).toHaveBeenCalledTimes(1);
    gate.resolve();
    await drained;
    expect(finish).toHaveBeenLastCalledWith({ applied: true, engineDied: false });
  });

  test("runs after a dead engine's creations are deleted again, and its failure does not stop the exit", async () => {
    const order: string[] = [];
    const finish = jest.fn(() => {
      order.push("finish");
      throw new Error("disk full");
    });
    const { plugin } = setup({ delete: jest.fn(async () => void order.push("delete")) }, undefined, finish);
    await configured(plugin);
    await plugin.handlers.ApplyResourceChange(apply(null, planned));
    plugin.engineDied();
    await expect(plugin.drain()).resolves.toBeUndefined();
    expect(order).toEqual(["delete", "finish"]);
    expect(finish).toHaveBeenCalledWith({ applied: true, engineDied: true });
  });
});
