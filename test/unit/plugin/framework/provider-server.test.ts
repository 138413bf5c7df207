import { decodeMsgpack, encodeMsgpack } from "../../../../src/plugin/cty";
import { BigDecimal, UNKNOWN, isUnknown, type CtyObject, type CtyValue } from "../../../../src/plugin/cty/values";
import type { Logger } from "../../../../src/plugin/protocol/log";
import type { Diagnostic, DynamicValue } from "../../../../src/plugin/protocol/tfplugin6";
import { cty } from "../../../../src/schema/cty-type";
import { AttributeError, PartialStateError, type ProviderDefinition, type ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { blockType } from "../../../../src/plugin/framework/block-type";
import { createProviderHandlers } from "../../../../src/plugin/framework/provider-server";
import { widget, widgetSchema } from "./fixtures";

const TYPE = blockType(widgetSchema);
const PROVIDER_SCHEMA = {
  version: 0,
  description: "p",
  attributes: { token: { type: cty.string, optional: true, sensitive: true, env: ["DEMO_TOKEN"], validators: [(v: unknown) => (v === "s3cr3t" ? 'is not accepted (got "s3cr3t")' : undefined)], description: "t" } },
};
const PROVIDER_TYPE = blockType(PROVIDER_SCHEMA);

const silent: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const dv = (value: CtyValue, type = TYPE): DynamicValue => ({ msgpack: encodeMsgpack(value, type) });
const value = (dynamic: DynamicValue | undefined, type = TYPE) => decodeMsgpack(dynamic?.msgpack ?? Buffer.from([0xc0]), type) as CtyObject | null;
const errors = (diagnostics: readonly Diagnostic[] | undefined) => (diagnostics ?? []).filter((d) => d.severity === 1);
const NO_BYTES = Buffer.alloc(0);

interface Clients {
  readonly token: CtyValue;
}

/** A widget resource whose hooks are jest mocks with sensible defaults, overridable per test. */
function setup(overrides: Partial<ResourceDefinition<Clients>> = {}, env: NodeJS.ProcessEnv = {}) {
  const resource: ResourceDefinition<Clients> = {
    schema: widgetSchema,
    create: jest.fn(async (_ctx, { planned }) => ({ state: { ...planned, id: "w-1", label: "label-w", token: "tok" }, private: { v: 1 } })),
    read: jest.fn(async (_ctx, { state }) => ({ state })),
    update: jest.fn(async (_ctx, { planned }) => ({ state: planned })),
    delete: jest.fn(async () => undefined),
    import: jest.fn(async (_ctx, { id }) => ({ state: { id, name: "imported" } })),
    ...overrides,
  };
  const configure = jest.fn((config: CtyObject) => ({ token: config.token ?? null }));
  const definition: ProviderDefinition<Clients> = { typeName: "demo", schema: PROVIDER_SCHEMA, configure, resources: [resource] };
  const handlers = createProviderHandlers(definition, { log: silent, env, now: () => new Date("2030-01-01T00:00:00Z") });
  const configureWith = (token: CtyValue = "t") => handlers.ConfigureProvider({ terraform_version: "1.11.4", config: dv({ token }, PROVIDER_TYPE) });
  return { resource, configure, handlers, configureWith };
}

const planRequest = (prior: CtyObject | null, config: CtyObject, proposed: CtyObject | null = config) => ({
  type_name: "demo_widget",
  prior_state: dv(prior),
  proposed_new_state: dv(proposed),
  config: dv(config),
  prior_private: NO_BYTES,
  planned_private: NO_BYTES,
});

const applyRequest = (prior: CtyObject | null, planned: CtyObject | null, config: CtyObject | null = planned, plannedPrivate = NO_BYTES) => ({
  type_name: "demo_widget",
  prior_state: dv(prior),
  planned_state: dv(planned),
  config: dv(config),
  planned_private: plannedPrivate,
});

const stored = widget({ id: "w-1", name: "w", label: "label-w", token: "tok", size: new BigDecimal("9007199254740993") });

describe("schema", () => {
  test("serves attributes sorted by name with JSON type bytes, flags, and schema caching allowed", async () => {
    const { handlers } = setup();
    const response = await handlers.GetProviderSchema({});
    expect(response.diagnostics).toEqual([]);
    expect(response.server_capabilities?.get_provider_schema_optional).toBe(true);
    const attributes = response.resource_schemas?.demo_widget.block?.attributes ?? [];
    expect(attributes.map((a) => a.name)).toEqual([...Object.keys(widgetSchema.attributes)].sort());
    const byName = Object.fromEntries(attributes.map((a) => [a.name, a]));
    expect(byName.tags.type?.toString()).toBe('["map","string"]');
    expect(byName.token).toMatchObject({ computed: true, sensitive: true, optional: false, required: false });
    expect(byName.password).toMatchObject({ write_only: true, optional: true });
    expect(response.resource_schemas?.demo_widget.version).toBe(1);
    expect(response.provider?.block?.attributes?.[0]).toMatchObject({ name: "token", optional: true, sensitive: true });
  });

  test("an invalid definition is reported as diagnostics instead of being served", async () => {
    const definition: ProviderDefinition<unknown> = {
      typeName: "demo",
      schema: { version: 0, description: "p", attributes: {} },
      configure: () => ({}),
      resources: [{ schema: { ...widgetSchema, attributes: { id: { type: cty.string, description: "no flags" } } }, create: jest.fn(), read: jest.fn(), update: jest.fn(), delete: jest.fn() }],
    };
    const response = await createProviderHandlers(definition, { log: silent }).GetProviderSchema({});
    expect(response.resource_schemas).toEqual({});
    expect(response.diagnostics).toEqual([expect.objectContaining({ severity: 1, summary: "Invalid provider schema", detail: expect.stringContaining("demo_widget.id: must set optional, required or computed") })]);
  });

  test("metadata lists the resources; identity schemas are empty", async () => {
    const { handlers } = setup();
    expect((await handlers.GetMetadata({})).resources).toEqual([{ type_name: "demo_widget" }]);
    expect(await handlers.GetResourceIdentitySchemas({})).toEqual({ identity_schemas: {}, diagnostics: [] });
  });
});

describe("validation", () => {
  test("attribute validators and the resource's validate report with attribute paths", async () => {
    const { handlers } = setup({ validate: (config) => (config.note === "x" ? [{ path: ["note"], summary: "no x" }] : []) });
    const response = await handlers.ValidateResourceConfig({ type_name: "demo_widget", config: dv(widget({ name: "w", note: "x" })) });
    expect(response.diagnostics).toEqual([{ severity: 1, summary: "no x", detail: "", attribute: { steps: [{ attribute_name: "note" }] } }]);
  });

  test("a throwing validate and an unknown resource type become error diagnostics", async () => {
    const { handlers } = setup({
      validate: () => {
        throw new Error("validator crashed");
      },
    });
    expect(errors((await handlers.ValidateResourceConfig({ type_name: "demo_widget", config: dv(widget({ name: "w" })) })).diagnostics)[0].summary).toBe("validator crashed");
    expect(errors((await handlers.ValidateResourceConfig({ type_name: "demo_nope", config: dv(widget()) })).diagnostics)[0].summary).toBe("Unknown resource type demo_nope");
  });

  test("provider configuration is validated, including values taken from the environment", async () => {
    const { handlers, configure } = setup({}, { DEMO_TOKEN: "s3cr3t" });
    expect(errors((await handlers.ValidateProviderConfig({ config: dv({ token: "s3cr3t" }, PROVIDER_TYPE) })).diagnostics)).toHaveLength(1);
    const configured = await handlers.ConfigureProvider({ terraform_version: "1.11.4", config: dv({ token: null }, PROVIDER_TYPE) });
    expect(errors(configured.diagnostics)[0]).toMatchObject({ detail: '"token" is not accepted (got "(sensitive value)")', attribute: { steps: [{ attribute_name: "token" }] } });
    expect(configure).not.toHaveBeenCalled();
  });
});

describe("configure", () => {
  test("applies env defaults and passes the engine version", async () => {
    const { handlers, configure } = setup({}, { DEMO_TOKEN: "from-env" });
    const response = await handlers.ConfigureProvider({ terraform_version: "1.11.4", config: dv({ token: null }, PROVIDER_TYPE) });
    expect(response.diagnostics).toEqual([]);
    expect(configure).toHaveBeenCalledWith({ token: "from-env" }, { terraformVersion: "1.11.4" });
  });
});

describe("plan", () => {
  test("create: computed values unknown, write-only never planned, no replacement", async () => {
    const modifyPlan = jest.fn(() => undefined);
    const { handlers, configureWith } = setup({ modifyPlan });
    await configureWith();
    const config = widget({ name: "w", password: "pw", size: new BigDecimal("9007199254740993") });
    const response = await handlers.PlanResourceChange(planRequest(null, config));
    expect(response.diagnostics).toEqual([]);
    const planned = value(response.planned_state)!;
    expect(isUnknown(planned.id) && isUnknown(planned.token) && isUnknown(planned.label)).toBe(true);
    expect(planned).toMatchObject({ name: "w", password: null, size: new BigDecimal("9007199254740993") });
    expect(response.requires_replace).toEqual([]);
    expect(modifyPlan).toHaveBeenCalledWith(expect.anything(), { prior: null, planned, config, priorPrivate: undefined });
  });

  test("update: a changed requiresReplace attribute is reported for replacement", async () => {
    const { handlers, configureWith } = setup();
    await configureWith();
    const config = widget({ name: "v", size: new BigDecimal("9007199254740993") });
    const response = await handlers.PlanResourceChange(planRequest(stored, config, { ...config, id: "w-1", label: "label-w", token: "tok" }));
    expect(response.requires_replace).toEqual([{ steps: [{ attribute_name: "name" }] }]);
    expect(value(response.planned_state)).toMatchObject({ id: "w-1", name: "v" });
  });

  test("destroy plans null without calling any hook", async () => {
    const modifyPlan = jest.fn();
    const { handlers } = setup({ modifyPlan });
    const response = await handlers.PlanResourceChange(planRequest(stored, widget(), null));
    expect(value(response.planned_state)).toBeNull();
    expect(modifyPlan).not.toHaveBeenCalled();
  });

  test("modifyPlan may mark values unknown, add replacement paths and warnings", async () => {
    const { handlers, configureWith } = setup({
      modifyPlan: (ctx, { planned }) => {
        ctx.warn("rotating", "token is due", ["token"]);
        return { planned: { ...planned, token: UNKNOWN }, requiresReplace: ["note"] };
      },
    });
    await configureWith();
    const config = widget({ name: "w", size: new BigDecimal("9007199254740993") });
    const response = await handlers.PlanResourceChange(planRequest(stored, config, { ...config, id: "w-1", label: "label-w", token: "tok" }));
    expect(response.diagnostics).toEqual([{ severity: 2, summary: "rotating", detail: "token is due", attribute: { steps: [{ attribute_name: "token" }] } }]);
    expect(response.requires_replace).toEqual([{ steps: [{ attribute_name: "note" }] }]);
    expect(isUnknown(value(response.planned_state)!.token)).toBe(true);
  });

  test("a warning given once per run appears in the first response that gives it, and in no later one", async () => {
    const { handlers, configureWith } = setup({
      modifyPlan: (ctx) => {
        ctx.warnOncePerRun("a note for the whole run", "said once", ["note"]);
        ctx.warn("a note for this resource");
        return {};
      },
    });
    await configureWith();
    const first = await handlers.PlanResourceChange(planRequest(null, widget({ name: "a" })));
    const second = await handlers.PlanResourceChange(planRequest(null, widget({ name: "b" })));
    expect(first.diagnostics?.map((diagnostic) => diagnostic.summary)).toEqual(["a note for the whole run", "a note for this resource"]);
    expect(second.diagnostics?.map((diagnostic) => diagnostic.summary)).toEqual(["a note for this resource"]);
  });

  test("a plan breaking the engine's rules is refused with a diagnostic naming the attribute", async () => {
    const { handlers, configureWith } = setup({ modifyPlan: (_ctx, { planned }) => ({ planned: { ...planned, name: "changed" } }) });
    await configureWith();
    const response = await handlers.PlanResourceChange(planRequest(null, widget({ name: "w" })));
    expect(response.planned_state).toBeUndefined();
    expect(errors(response.diagnostics)).toEqual([expect.objectContaining({ summary: 'Provider produced an invalid plan for "name"', attribute: { steps: [{ attribute_name: "name" }] } })]);
  });

  test("unknown provider configuration still plans; computed-only values of a changing resource become unknown", async () => {
    const { handlers, configureWith } = setup();
    await configureWith(UNKNOWN);
    const config = widget({ name: "w", note: "new", size: new BigDecimal("9007199254740993") });
    const response = await handlers.PlanResourceChange(planRequest(stored, config, { ...config, id: "w-1", label: "label-w", token: "tok" }));
    expect(errors(response.diagnostics)).toEqual([]);
    const planned = value(response.planned_state)!;
    expect(isUnknown(planned.id) && isUnknown(planned.token)).toBe(true);
    expect(planned.label).toBe("label-w");
  });

  test("planning before ConfigureProvider is an error, not a crash", async () => {
    const { handlers } = setup();
    const response = await handlers.PlanResourceChange(planRequest(null, widget({ name: "w" })));
    expect(errors(response.diagnostics)[0].summary).toBe("Provider not configured");
  });
});

describe("apply", () => {
  const config = widget({ name: "w", password: "pw" });
  const planned = widget({ name: "w", id: UNKNOWN, label: UNKNOWN, token: UNKNOWN });

  test("create returns the new state and private, with write-only values dropped", async () => {
    const { handlers, configureWith, resource } = setup({
      create: jest.fn(async (_ctx, request) => ({ state: { ...request.planned, id: "w-1", label: "l", token: "t", password: request.config.password }, private: { v: 1 } })),
    });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(response.diagnostics).toEqual([]);
    expect(value(response.new_state)).toEqual(widget({ name: "w", id: "w-1", label: "l", token: "t" }));
    expect(JSON.parse(response.private!.toString())).toEqual({ v: 1 });
    expect(resource.create).toHaveBeenCalledWith(expect.objectContaining({ now: expect.any(Function) }), { planned, config });
  });

  test("a result that changes a known planned value is reported and still saved, so nothing is orphaned", async () => {
    const { handlers, configureWith } = setup({ create: jest.fn(async () => ({ state: widget({ name: "other", id: "w-1", label: "l", token: "t" }) })) });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)).toEqual([expect.objectContaining({ summary: 'Provider produced an inconsistent result for "name"' })]);
    expect(value(response.new_state)).toMatchObject({ id: "w-1", name: "other" });
  });

  test("a result with values left unknown is an error; the unknowns are saved as null", async () => {
    const { handlers, configureWith } = setup({ create: jest.fn(async (_ctx, request) => ({ state: { ...request.planned, id: "w-1", label: "l" } })) });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)).toEqual([expect.objectContaining({ summary: 'Provider returned an unknown value for "token"', attribute: { steps: [{ attribute_name: "token" }] } })]);
    expect(value(response.new_state)).toMatchObject({ id: "w-1", token: null });
  });

  test("a result of the wrong type names the hook and the attribute; the rest is saved, so nothing is orphaned", async () => {
    const { handlers, configureWith } = setup({ create: jest.fn(async () => ({ state: widget({ name: "w", id: "w-1", label: "l", token: "t", size: "big" }) })) });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)).toEqual([
      expect.objectContaining({ summary: 'Provider returned a wrong value for "size"', detail: expect.stringContaining("The create hook of demo_widget returned a \"size\" that is not a number") }),
    ]);
    expect(value(response.new_state)).toMatchObject({ id: "w-1", size: null });
  });

  test("a hook that throws a non-Error is named with its resource; the value itself is not printed", async () => {
    const { handlers, configureWith } = setup({
      create: jest.fn(async () => {
        throw { secret: "hunter2" };
      }),
    });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)).toEqual([
      { severity: 1, summary: "The hook threw a non-Error value (object); throw an Error with a message instead", detail: "Raised by the create hook of demo_widget." },
    ]);
    expect(JSON.stringify(response.diagnostics)).not.toContain("hunter2");
  });

  test("a create that outlives its timeout fails, and the object it makes later is deleted again", async () => {
    let finish!: () => void;
    const late = new Promise<void>((resolve) => (finish = resolve));
    const { handlers, configureWith, resource } = setup({
      timeoutMs: 50,
      create: jest.fn(async (_ctx, request) => {
        await late;
        return { state: { ...request.planned, id: "w-late", label: "l", token: "t" } };
      }),
    });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)).toEqual([
      expect.objectContaining({ summary: "The hook did not finish within 50 ms", detail: expect.stringContaining("Raised by the create hook of demo_widget.") }),
    ]);
    expect(value(response.new_state)).toBeNull();
    finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resource.delete).toHaveBeenCalledWith(expect.anything(), { state: expect.objectContaining({ id: "w-late" }), private: undefined });
  });

  test("PartialStateError saves its state and reports its cause", async () => {
    const partial = widget({ name: "w", id: "w-1", label: "l", token: "t" });
    const { handlers, configureWith } = setup({
      create: jest.fn(async () => {
        throw new PartialStateError(partial, new AttributeError("Could not set label\nPATCH /things/w-1 returned 422", ["label"]), { half: true });
      }),
    });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(response.diagnostics).toEqual([
      { severity: 1, summary: "Could not set label", detail: "PATCH /things/w-1 returned 422\n\nRaised by the create hook of demo_widget.", attribute: { steps: [{ attribute_name: "label" }] } },
    ]);
    expect(value(response.new_state)).toEqual(partial);
    expect(JSON.parse(response.private!.toString())).toEqual({ half: true });
  });

  test("a failed create saves nothing; the error's first line is the summary", async () => {
    const { handlers, configureWith } = setup({
      create: jest.fn(async () => {
        throw new Error("Team not found\nPOST /api/v2/teams returned 404");
      }),
    });
    await configureWith();
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(value(response.new_state)).toBeNull();
    expect(response.diagnostics).toEqual([{ severity: 1, summary: "Team not found", detail: "POST /api/v2/teams returned 404\n\nRaised by the create hook of demo_widget." }]);
  });

  test("update keeps the planned private state when the hook returns none", async () => {
    const { handlers, configureWith, resource } = setup();
    await configureWith();
    const next = { ...stored, note: "n" };
    const response = await handlers.ApplyResourceChange(applyRequest(stored, next, next, Buffer.from('{"v":1}')));
    expect(response.diagnostics).toEqual([]);
    expect(value(response.new_state)).toEqual(next);
    expect(response.private?.toString()).toBe('{"v":1}');
    expect(resource.update).toHaveBeenCalledWith(expect.anything(), { prior: stored, planned: next, config: next, private: { v: 1 } });
  });

  test("delete: planned null runs delete and returns null; a failed delete keeps the object", async () => {
    const { handlers, configureWith, resource } = setup();
    await configureWith();
    const deleted = await handlers.ApplyResourceChange(applyRequest(stored, null, null));
    expect(resource.delete).toHaveBeenCalledWith(expect.anything(), { state: stored, private: undefined });
    expect(value(deleted.new_state)).toBeNull();

    (resource.delete as jest.Mock).mockRejectedValueOnce(new Error("still in use"));
    const failed = await handlers.ApplyResourceChange(applyRequest(stored, null, null));
    expect(value(failed.new_state)).toEqual(stored);
    expect(errors(failed.diagnostics)[0].summary).toBe("still in use");
  });

  test("a provider configuration still unknown at apply fails clearly without calling hooks", async () => {
    const { handlers, configureWith, resource } = setup();
    await configureWith(UNKNOWN);
    const response = await handlers.ApplyResourceChange(applyRequest(null, planned, config));
    expect(errors(response.diagnostics)[0]).toMatchObject({ summary: "Provider configuration is not known", detail: expect.stringContaining("token of the demo provider configuration is still unknown") });
    expect(resource.create).not.toHaveBeenCalled();
  });

  test("StopProvider aborts the signal hooks wait on", async () => {
    const { handlers, configureWith } = setup({
      create: (ctx) =>
        new Promise((_resolve, reject) => ctx.stopping.addEventListener("abort", () => reject(new Error("interrupted")))),
    });
    await configureWith();
    const applying = handlers.ApplyResourceChange(applyRequest(null, planned, config));
    await handlers.StopProvider({});
    expect(errors((await applying).diagnostics)[0].summary).toBe("interrupted");
  });
});

describe("read", () => {
  test("a gone object returns null, which removes it from state", async () => {
    const { handlers, configureWith } = setup({ read: jest.fn(async () => null) });
    await configureWith();
    const response = await handlers.ReadResource({ type_name: "demo_widget", current_state: dv(stored), private: NO_BYTES });
    expect(response.new_state?.msgpack).toEqual(Buffer.from([0xc0]));
  });

  test("a refreshed object is returned as read (drift allowed), private passed through", async () => {
    const { handlers, configureWith } = setup({ read: jest.fn(async (_ctx, { state }) => ({ state: { ...state, note: "drifted", password: "leak" } })) });
    await configureWith();
    const response = await handlers.ReadResource({ type_name: "demo_widget", current_state: dv(stored), private: Buffer.from('{"v":2}') });
    expect(value(response.new_state)).toEqual({ ...stored, note: "drifted" });
    expect(response.private?.toString()).toBe('{"v":2}');
  });

  test("with unknown provider configuration the state is kept and a warning explains why", async () => {
    const { handlers, configureWith, resource } = setup();
    await configureWith(UNKNOWN);
    const response = await handlers.ReadResource({ type_name: "demo_widget", current_state: dv(stored), private: NO_BYTES });
    expect(value(response.new_state)).toEqual(stored);
    expect(response.diagnostics).toEqual([expect.objectContaining({ severity: 2, summary: "demo_widget was not refreshed" })]);
    expect(resource.read).not.toHaveBeenCalled();
  });
});

describe("import and upgrade", () => {
  test("import returns exactly one resource, missing attributes null", async () => {
    const { handlers, configureWith } = setup();
    await configureWith();
    const response = await handlers.ImportResourceState({ type_name: "demo_widget", id: "w-9" });
    expect(response.diagnostics).toEqual([]);
    expect(response.imported_resources).toHaveLength(1);
    expect(response.imported_resources?.[0].type_name).toBe("demo_widget");
    expect(value(response.imported_resources?.[0].state)).toEqual(widget({ id: "w-9", name: "imported" }));
  });

  test("a resource without import says so", async () => {
    const { handlers, configureWith } = setup({ import: undefined });
    await configureWith();
    const response = await handlers.ImportResourceState({ type_name: "demo_widget", id: "w-9" });
    expect(response.imported_resources).toEqual([]);
    expect(errors(response.diagnostics)[0].summary).toBe("demo_widget cannot be imported");
  });

  test("upgrade re-encodes the stored JSON as msgpack for the current schema", async () => {
    const { handlers } = setup();
    const response = await handlers.UpgradeResourceState({ type_name: "demo_widget", version: 1, raw_state: { json: Buffer.from('{"id":"w-1","name":"w","password":"pw","gone":1}'), flatmap: {} } });
    expect(response.diagnostics).toEqual([]);
    expect(value(response.upgraded_state)).toEqual(widget({ id: "w-1", name: "w" }));
  });
});
