import type { CtyType } from "../../schema/cty-type";
import type { ValidationIssue } from "../../schema/types";
import { decodeJson, decodeMsgpack, encodeMsgpack, isWhollyKnown } from "../cty";
import type { CtyObject, CtyValue } from "../cty/values";
import { createLogger, type Logger } from "../protocol/log";
import type * as proto from "../protocol/tfplugin6";
import type { ProviderHandlers } from "../protocol/serve";
import { blockType } from "./block-type";
import { validateAttributes } from "./config-validation";
import { PartialStateError, type HookResult, type PrivateState, type ProviderDefinition, type ResourceContext, type ResourceDefinition } from "./definition";
import { errorToIssue, providerBug, toDiagnostics } from "./diagnostics";
import { checkPlan, defaultPlan, replacementPaths } from "./plan";
import { decodePrivate, encodePrivate } from "./private-state";
import { applyEnvDefaults, unknownAttributes } from "./provider-config";
import { checkProviderDefinition } from "./schema-check";
import { toProtoSchema } from "./schema-proto";
import { checkAppliedAsPlanned, checkKnown, checkShape, fillMissing, withoutWriteOnly } from "./state-checks";
import { upgradeRawState } from "./state-upgrade";

/** Injectable surroundings, for tests. */
export interface ProviderServerOptions {
  /** Environment read for provider `env` defaults; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock handed to hooks as `ctx.now`; default the system clock. */
  readonly now?: () => Date;
  /** Default: hclog lines on stderr, which the engine re-logs under the provider's name. */
  readonly log?: Logger;
  /** Longest {@link ProviderPlugin.drain} waits for calls in flight; default 120 s (a create's retries and lookups). */
  readonly drainLimitMs?: number;
}

/** The RPCs the framework answers; the engine never calls the others for a resources-only provider. */
export type FrameworkHandlers = Required<
  Pick<
    ProviderHandlers,
    | "GetMetadata"
    | "GetProviderSchema"
    | "GetResourceIdentitySchemas"
    | "ValidateProviderConfig"
    | "ValidateResourceConfig"
    | "ConfigureProvider"
    | "UpgradeResourceState"
    | "ReadResource"
    | "PlanResourceChange"
    | "ApplyResourceChange"
    | "ImportResourceState"
    | "StopProvider"
  >
>;

/** A provider served by the plugin: its RPC handlers, and how it ends when the engine goes away. */
export interface ProviderPlugin {
  readonly handlers: FrameworkHandlers;
  /**
   * The engine died (SIGKILL, crash) or dropped the connection: no response can reach it any more.
   * Calls in flight keep running; a create finishing from now on would leave an object nobody
   * knows about, so it is deleted again right away (`delete` hook with the create's result).
   */
  engineGone(): void;
  /**
   * The engine process itself is gone before it finished. An engine may lose every state change
   * of an unfinished run (OpenTofu keeps a local state's changes in memory until the run ends),
   * so whatever this process created and has not deleted since is deleted again in `drain`: a
   * killed run's creations are rolled back, and the next run, finding them gone, makes them anew.
   */
  engineDied(): void;
  /** Resolves once no call is in flight, or after `drainLimitMs`; the plugin exits afterwards. */
  drain(): Promise<void>;
}

/**
 * The glue from tfplugin6 RPCs to a provider definition's hooks. Hooks see decoded JS values
 * only; this module owns decoding, the engine's planning and apply consistency rules, private
 * state, and the translation of every failure into diagnostics (never into a gRPC error, which
 * the engine would report as a plugin crash).
 */
export function createProviderPlugin<Clients>(definition: ProviderDefinition<Clients>, options: ProviderServerOptions = {}): ProviderPlugin {
  const server = new ProviderServer(definition, options);
  return { handlers: server.handlers(), engineGone: () => server.engineGone(), engineDied: () => server.engineDied(), drain: () => server.drain() };
}

/** {@link createProviderPlugin}'s handlers alone, for hosts and tests that never lose the engine. */
export function createProviderHandlers<Clients>(definition: ProviderDefinition<Clients>, options: ProviderServerOptions = {}): FrameworkHandlers {
  return createProviderPlugin(definition, options).handlers;
}

const DEFAULT_DRAIN_LIMIT_MS = 120_000;

interface Configured<Clients> {
  readonly clients: Clients;
  /** Provider attributes not yet known (derived from resources not yet created). */
  readonly unknown: readonly string[];
}

/** An RPC's outcome before encoding: its diagnostics, collected in order. */
class Issues {
  readonly list: ValidationIssue[] = [];
  add(...issues: readonly ValidationIssue[]): void {
    this.list.push(...issues);
  }
  get hasErrors(): boolean {
    return this.list.some((issue) => issue.severity !== "warning");
  }
}

class ProviderServer<Clients> {
  private readonly problems: readonly string[];
  private readonly resources: ReadonlyMap<string, ResourceDefinition<Clients>>;
  private readonly providerType: CtyType;
  private readonly stopping = new AbortController();
  private readonly log: Logger;
  private configured: Configured<Clients> | undefined;
  /** Calls not yet answered; the plugin waits for them before it exits. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private engineLost = false;
  private engineDead = false;
  private applied = false;
  /** What this process created and has not deleted since, in creation order, by resource type and id. */
  private readonly createdHere = new Map<string, CreatedObject<Clients>>();
  /** Summaries of the warnings given with `warnOncePerRun`. */
  private readonly warnedOnce = new Set<string>();

  constructor(
    private readonly definition: ProviderDefinition<Clients>,
    private readonly options: ProviderServerOptions,
  ) {
    this.log = options.log ?? createLogger({ module: `provider.${definition.typeName}` });
    this.problems = checkProviderDefinition(definition as ProviderDefinition<unknown>);
    this.resources = new Map(definition.resources.map((resource) => [resource.schema.typeName, resource]));
    this.providerType = blockType(definition.schema);
  }

  handlers(): FrameworkHandlers {
    return {
      GetMetadata: async () => this.getMetadata(),
      GetProviderSchema: async () => this.getProviderSchema(),
      GetResourceIdentitySchemas: async () => ({ identity_schemas: {}, diagnostics: [] }),
      ValidateProviderConfig: (request) => this.tracked(this.validateProviderConfig(request)),
      ValidateResourceConfig: (request) => this.tracked(this.validateResourceConfig(request)),
      ConfigureProvider: (request) => this.tracked(this.configureProvider(request)),
      UpgradeResourceState: (request) => this.tracked(this.upgradeResourceState(request)),
      ReadResource: (request) => this.tracked(this.readResource(request)),
      PlanResourceChange: (request) => this.tracked(this.planResourceChange(request)),
      ApplyResourceChange: (request) => this.tracked(this.applyResourceChange(request)),
      ImportResourceState: (request) => this.tracked(this.importResourceState(request)),
      StopProvider: async () => {
        this.stopping.abort();
        return { Error: "" };
      },
    };
  }

  engineGone(): void {
    if (this.engineLost) return;
    this.engineLost = true;
    this.log.warn("The engine is gone; objects created from now on are deleted again", { calls_in_flight: this.inFlight.size });
  }

  engineDied(): void {
    this.engineGone();
    if (this.engineDead) return;
    this.engineDead = true;
    this.log.warn("The engine died before finishing; objects this process created are deleted again", { objects: this.createdHere.size });
  }

  async drain(): Promise<void> {
    const deadline = Date.now() + (this.options.drainLimitMs ?? DEFAULT_DRAIN_LIMIT_MS);
    // Calls may still arrive while others finish; bounded by the deadline.
    while (this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.log.error("Exiting with calls still in flight", { calls_in_flight: this.inFlight.size });
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
      clearTimeout(timer);
    }
    if (this.engineDead) await this.undoCreatedHere();
    try {
      await this.definition.finish?.({ applied: this.applied, engineDied: this.engineDead });
    } catch (error) {
      this.log.error("The provider's finish hook failed", { error: errorToIssue(error).summary });
    }
  }

  /** Newest first, so that an object is deleted before what it was made from. */
  private async undoCreatedHere(): Promise<void> {
    const configured = this.configured;
    if (!configured) return;
    for (const { resource, state, private: privateState } of [...this.createdHere.values()].reverse()) {
      await this.undoCreate(resource, this.context(configured, new Issues()), state, privateState);
    }
    this.createdHere.clear();
  }

  private rememberCreated(resource: ResourceDefinition<Clients>, state: CtyObject, privateState: PrivateState | undefined): void {
    const id = idOf(state);
    if (id !== undefined) this.createdHere.set(createdKey(resource, id), { resource, state, private: privateState });
  }

  private async tracked<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(call);
    }
  }

  private serverCapabilities(): proto.ServerCapabilities {
    // Schema-optional lets the engine cache the schema instead of asking every provider process.
    return { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false, generate_resource_config: false };
  }

  private getMetadata(): proto.GetMetadataResponse {
    return {
      server_capabilities: this.serverCapabilities(),
      diagnostics: this.schemaDiagnostics(),
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [],
      functions: [],
      ephemeral_resources: [],
      list_resources: [],
      state_stores: [],
      actions: [],
    };
  }

  private getProviderSchema(): proto.GetProviderSchemaResponse {
    const base = { server_capabilities: this.serverCapabilities(), data_source_schemas: {} };
    // The engine stops at error diagnostics before reading any schema, so an invalid one is never served.
    if (this.problems.length > 0) {
      return { ...base, provider: toProtoSchema({ version: 0, description: "", attributes: {} }), resource_schemas: {}, diagnostics: this.schemaDiagnostics() };
    }
    return {
      ...base,
      provider: toProtoSchema(this.definition.schema),
      resource_schemas: Object.fromEntries([...this.resources].map(([name, resource]) => [name, toProtoSchema(resource.schema)])),
      diagnostics: [],
    };
  }

  private schemaDiagnostics(): proto.Diagnostic[] {
    return this.problems.map((problem) => ({
      severity: 1,
      summary: "Invalid provider schema",
      detail: `${problem}\n\nThis is a bug in the ${this.definition.typeName} provider; please report it.`,
    }));
  }

  private async validateProviderConfig(request: proto.ValidateProviderConfigRequest): Promise<proto.ValidateProviderConfigResponse> {
    const issues = new Issues();
    await this.guard(issues, () => {
      const config = decodeObject(request.config, this.providerType);
      issues.add(...validateAttributes(this.definition.schema, config));
    });
    return { diagnostics: toDiagnostics(issues.list, this.providerType) };
  }

  private async validateResourceConfig(request: proto.ValidateResourceConfigRequest): Promise<proto.ValidateResourceConfigResponse> {
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    if (resource) {
      await this.guard(issues, () => {
        const config = decodeObject(request.config, blockType(resource.schema));
        issues.add(...validateAttributes(resource.schema, config));
        issues.add(...(resource.validate?.(config) ?? []));
      });
    }
    return { diagnostics: this.diagnosticsFor(issues, resource) };
  }

  private async configureProvider(request: proto.ConfigureProviderRequest): Promise<proto.ConfigureProviderResponse> {
    const issues = new Issues();
    await this.guard(issues, async () => {
      const given = decodeObject(request.config, this.providerType);
      const config = applyEnvDefaults(this.definition.schema, given, this.options.env ?? process.env);
      // Values from the environment were not seen by ValidateProviderConfig.
      issues.add(...validateAttributes(this.definition.schema, config));
      if (issues.hasErrors) return;
      const clients = await this.definition.configure(config, { terraformVersion: request.terraform_version });
      this.configured = { clients, unknown: unknownAttributes(this.definition.schema, config) };
    });
    return { diagnostics: toDiagnostics(issues.list, this.providerType) };
  }

  private async upgradeResourceState(request: proto.UpgradeResourceStateRequest): Promise<proto.UpgradeResourceStateResponse> {
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    let upgraded: proto.DynamicValue | undefined;
    if (resource) {
      await this.guard(issues, () => {
        const state = upgradeRawState(resource, Number(request.version), request.raw_state);
        upgraded = { msgpack: encodeMsgpack(withoutWriteOnly(resource.schema, state), blockType(resource.schema)) };
      });
    }
    return { upgraded_state: upgraded, diagnostics: this.diagnosticsFor(issues, resource) };
  }

  private async readResource(request: proto.ReadResourceRequest): Promise<proto.ReadResourceResponse> {
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    // On any failure the engine keeps the state it sent.
    let response: proto.ReadResourceResponse = { new_state: request.current_state, private: request.private, diagnostics: [] };
    if (resource) {
      await this.guard(issues, async () => {
        const type = blockType(resource.schema);
        const configured = this.requireConfigured(issues);
        if (!configured) return;
        if (configured.unknown.length > 0) {
          issues.add({
            path: [],
            severity: "warning",
            summary: `${resource.schema.typeName} was not refreshed`,
            detail: `The provider configuration (${configured.unknown.join(", ")}) is not known until apply, so the remote object could not be read.`,
          });
          return;
        }
        const state = decodeObject(request.current_state, type);
        const privateState = decodePrivate(request.private);
        const result = await resource.read(this.context(configured, issues), { state, private: privateState });
        if (result === null) {
          response = { new_state: { msgpack: encodeMsgpack(null, type) }, private: Buffer.alloc(0), diagnostics: [] };
          return;
        }
        const newState = withoutWriteOnly(resource.schema, result.state);
        issues.add(...checkShape(resource.schema, newState, "read"), ...checkKnown(resource.schema, newState, "read"));
        if (issues.hasErrors) return;
        response = { new_state: { msgpack: encodeMsgpack(newState, type) }, private: encodePrivate(result.private ?? privateState), diagnostics: [] };
      });
    }
    return { ...response, diagnostics: this.diagnosticsFor(issues, resource) };
  }

  private async planResourceChange(request: proto.PlanResourceChangeRequest): Promise<proto.PlanResourceChangeResponse> {
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    let response: proto.PlanResourceChangeResponse = { requires_replace: [], planned_private: request.prior_private, diagnostics: [], legacy_type_system: false };
    if (resource) {
      await this.guard(issues, async () => {
        const { schema } = resource;
        const type = blockType(schema);
        const proposed = decodeNullableObject(request.proposed_new_state, type);
        if (proposed === null) {
          response = { ...response, planned_state: { msgpack: encodeMsgpack(null, type) } };
          return;
        }
        const configured = this.requireConfigured(issues);
        if (!configured) return;
        const prior = decodeNullableObject(request.prior_state, type);
        const config = decodeObject(request.config, type);
        const priorPrivate = decodePrivate(request.prior_private);
        let planned = defaultPlan(schema, { prior, proposed, config, providerConfigKnown: configured.unknown.length === 0 });
        let extraReplace: readonly string[] = [];
        const modification = await resource.modifyPlan?.(this.context(configured, issues), { prior, planned, config, priorPrivate });
        if (modification) {
          planned = withoutWriteOnly(schema, modification.planned ?? planned);
          extraReplace = modification.requiresReplace ?? [];
          issues.add(...(modification.diagnostics ?? []));
        }
        const replace = prior === null ? [] : replacementPaths(schema, prior, planned, extraReplace);
        issues.add(...checkShape(schema, planned, "modifyPlan"));
        if (!issues.hasErrors) issues.add(...checkPlan(schema, { prior, config, planned, replace, updatable: resource.update !== undefined }));
        if (issues.hasErrors) return;
        response = {
          ...response,
          planned_state: { msgpack: encodeMsgpack(planned, type) },
          requires_replace: replace.map((name) => ({ steps: [{ attribute_name: name }] })),
        };
      });
    }
    return { ...response, diagnostics: this.diagnosticsFor(issues, resource) };
  }

  private async applyResourceChange(request: proto.ApplyResourceChangeRequest): Promise<proto.ApplyResourceChangeResponse> {
    this.applied = true;
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    // Until something succeeds, the engine keeps what it had.
    let response: proto.ApplyResourceChangeResponse = { new_state: request.prior_state, private: request.planned_private, diagnostics: [], legacy_type_system: false };
    if (resource) {
      await this.guard(issues, async () => {
        const { schema } = resource;
        const type = blockType(schema);
        const prior = decodeNullableObject(request.prior_state, type);
        const planned = decodeNullableObject(request.planned_state, type);
        const plannedPrivate = decodePrivate(request.planned_private);
        const configured = this.requireKnownConfiguration(issues, `change ${schema.typeName}`);
        if (!configured) return;
        const ctx = this.context(configured, issues);
        if (planned === null) {
          if (prior !== null) {
            await resource.delete(ctx, { state: prior, private: plannedPrivate });
            const id = idOf(prior);
            if (id !== undefined) this.createdHere.delete(createdKey(resource, id));
          }
          response = { ...response, new_state: { msgpack: encodeMsgpack(null, type) }, private: Buffer.alloc(0) };
          return;
        }
        const config = decodeObject(request.config, type);
        let result: HookResult;
        try {
          if (prior === null) {
            result = await resource.create(ctx, { planned, config });
            if (this.engineLost) {
              await this.undoCreate(resource, ctx, result.state, result.private);
              return;
            }
          } else if (resource.update) {
            result = await resource.update(ctx, { prior, planned, config, private: plannedPrivate });
          } else {
            issues.add(providerBug(`${schema.typeName} cannot be updated in place`, "The engine asked for an in-place update of a resource without an update hook."));
            return;
          }
        } catch (error) {
          if (!(error instanceof PartialStateError)) throw error;
          if (prior === null && this.engineLost) {
            await this.undoCreate(resource, ctx, error.state, error.private ?? plannedPrivate);
            return;
          }
          issues.add(errorToIssue(error));
          if (prior === null) this.rememberCreated(resource, error.state, error.private ?? plannedPrivate);
          response = { ...response, ...this.salvage(resource, error.state, error.private ?? plannedPrivate, prior) };
          return;
        }
        const newState = withoutWriteOnly(schema, result.state);
        issues.add(...checkShape(schema, newState, prior === null ? "create" : "update"));
        if (!issues.hasErrors) issues.add(...checkKnown(schema, newState, "apply"), ...checkAppliedAsPlanned(schema, planned, newState));
        const newPrivate = result.private ?? plannedPrivate;
        if (prior === null) this.rememberCreated(resource, newState, newPrivate);
        response = issues.hasErrors
          ? { ...response, ...this.salvage(resource, newState, newPrivate, prior) }
          : { ...response, new_state: { msgpack: encodeMsgpack(newState, type) }, private: encodePrivate(newPrivate) };
      });
    }
    return { ...response, diagnostics: this.diagnosticsFor(issues, resource) };
  }

  /**
   * Deletes what a create made after the engine went away: no state can record it, so left alone
   * it would be a live credential nobody knows about. A failure is logged; nothing else can be done.
   */
  private async undoCreate(
    resource: ResourceDefinition<Clients>,
    ctx: ResourceContext<Clients>,
    state: CtyObject,
    privateState: PrivateState | undefined,
  ): Promise<void> {
    const { typeName } = resource.schema;
    const known = this.knownAttributes(resource, state);
    try {
      await resource.delete(ctx, { state: known, private: privateState });
      this.log.warn("Deleted an object created after the engine went away", { resource_type: typeName, id: idOf(known) });
    } catch (error) {
      this.log.error("Could not delete an object created after the engine went away", { resource_type: typeName, id: idOf(known), error: errorToIssue(error).summary });
    }
  }

  /**
   * What to save when create/update failed after touching the remote object: the object the hook
   * reported (unknowns and missing attributes as null, so the engine can store it and taint it on
   * create), or the prior state when even that cannot be encoded.
   */
  private salvage(
    resource: ResourceDefinition<Clients>,
    state: CtyObject,
    privateState: PrivateState | undefined,
    prior: CtyObject | null,
  ): Pick<proto.ApplyResourceChangeResponse, "new_state" | "private"> {
    const type = blockType(resource.schema);
    const known = this.knownAttributes(resource, state);
    try {
      return { new_state: { msgpack: encodeMsgpack(known, type) }, private: encodePrivate(privateState) };
    } catch {
      return { new_state: { msgpack: encodeMsgpack(prior, type) }, private: encodePrivate(privateState) };
    }
  }

  /** A hook's object as it can be stored: unknowns, missing and write-only attributes as null. */
  private knownAttributes(resource: ResourceDefinition<Clients>, state: CtyObject): CtyObject {
    return Object.fromEntries(
      Object.entries(resource.schema.attributes).map(([name, a]) => {
        const value = state[name] ?? null;
        return [name, a.writeOnly || !isWhollyKnown(value, a.type) ? null : value];
      }),
    );
  }

  private async importResourceState(request: proto.ImportResourceStateRequest): Promise<proto.ImportResourceStateResponse> {
    const issues = new Issues();
    const resource = this.resource(request.type_name, issues);
    let imported: proto.ImportedResource[] = [];
    if (resource) {
      await this.guard(issues, async () => {
        const { schema } = resource;
        const configured = this.requireKnownConfiguration(issues, `import ${schema.typeName}`);
        if (!configured) return;
        if (!resource.import) {
          issues.add({ path: [], summary: `${schema.typeName} cannot be imported`, detail: `The ${this.definition.typeName} provider does not support importing ${schema.typeName}.` });
          return;
        }
        const result = await resource.import(this.context(configured, issues), { id: request.id });
        const state = withoutWriteOnly(schema, fillMissing(schema, result.state));
        issues.add(...checkShape(schema, state, "import"), ...checkKnown(schema, state, "import"));
        if (issues.hasErrors) return;
        imported = [{ type_name: schema.typeName, state: { msgpack: encodeMsgpack(state, blockType(schema)) }, private: encodePrivate(result.private) }];
      });
    }
    return { imported_resources: imported, diagnostics: this.diagnosticsFor(issues, resource) };
  }

  private resource(typeName: string, issues: Issues): ResourceDefinition<Clients> | undefined {
    const resource = this.resources.get(typeName);
    if (!resource) issues.add({ path: [], summary: `Unknown resource type ${typeName}`, detail: `The ${this.definition.typeName} provider has no resource type "${typeName}".` });
    return resource;
  }

  private requireConfigured(issues: Issues): Configured<Clients> | undefined {
    if (!this.configured) issues.add({ path: [], summary: "Provider not configured", detail: "The engine called a resource operation before ConfigureProvider." });
    return this.configured;
  }

  /** Planning tolerates a provider configuration that is not yet known; changing real objects does not. */
  private requireKnownConfiguration(issues: Issues, purpose: string): Configured<Clients> | undefined {
    const configured = this.requireConfigured(issues);
    if (!configured || configured.unknown.length === 0) return configured;
    issues.add({
      path: [],
      summary: "Provider configuration is not known",
      detail: `${configured.unknown.join(", ")} of the ${this.definition.typeName} provider configuration is still unknown; it must be known to ${purpose}.`,
    });
    return undefined;
  }

  private context(configured: Configured<Clients>, issues: Issues): ResourceContext<Clients> {
    const warn = (summary: string, detail?: string, path?: string[]) =>
      issues.add({ path: path ?? [], summary, severity: "warning", ...(detail === undefined ? {} : { detail }) });
    return {
      clients: configured.clients,
      now: this.options.now ?? (() => new Date()),
      log: this.log,
      warn,
      warnOncePerRun: (summary, detail, path) => {
        if (this.warnedOnce.has(summary)) return;
        this.warnedOnce.add(summary);
        warn(summary, detail, path);
      },
      stopping: this.stopping.signal,
    };
  }

  private diagnosticsFor(issues: Issues, resource: ResourceDefinition<Clients> | undefined): proto.Diagnostic[] {
    return toDiagnostics(issues.list, resource ? blockType(resource.schema) : this.providerType);
  }

  /** Runs one RPC's work; whatever it throws becomes an error diagnostic. */
  private async guard(issues: Issues, work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.log.error("provider operation failed", { error: errorToIssue(error).summary });
      issues.add(errorToIssue(error));
    }
  }
}

function decodeDynamic(value: proto.DynamicValue | undefined, type: CtyType): CtyValue {
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(value.msgpack, type);
  if (value?.json && value.json.length > 0) return decodeJson(Buffer.from(value.json).toString("utf8"), type);
  return null;
}

function decodeNullableObject(value: proto.DynamicValue | undefined, type: CtyType): CtyObject | null {
  return decodeDynamic(value, type) as CtyObject | null;
}

/** Configuration is never null: the engine sends an object with every attribute. */
function decodeObject(value: proto.DynamicValue | undefined, type: CtyType): CtyObject {
  const decoded = decodeNullableObject(value, type);
  if (decoded === null) throw new Error("The engine sent no value where an object was expected");
  return decoded;
}

/** An object a create made, as {@link ProviderServer.undoCreate} takes it. */
interface CreatedObject<Clients> {
  readonly resource: ResourceDefinition<Clients>;
  readonly state: CtyObject;
  readonly private: PrivateState | undefined;
}

function createdKey(resource: ResourceDefinition<unknown>, id: string): string {
  return `${resource.schema.typeName} ${id}`;
}

/** The object's `id` for log lines, when it has a string one. */
function idOf(state: CtyObject): string | undefined {
  return typeof state.id === "string" ? state.id : undefined;
}
