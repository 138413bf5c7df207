import type { BlockSchema, ResourceSchema, ValidationIssue } from "../../schema/types";
import type { CtyObject } from "../cty/values";
import type { Logger } from "../protocol/log";

/**
 * The contract resources are written against. A provider is a set of hooks on decoded JS values;
 * the framework (provider-server.ts) owns the wire, the engine's consistency rules and the
 * translation of errors into diagnostics.
 */

/** A provider served by the plugin: its configuration block and its managed resources. */
export interface ProviderDefinition<Clients> {
  /** Provider type name as written in configuration, e.g. `"tokenhooks"`. */
  readonly typeName: string;
  /** Provider configuration; attributes may name `env` variables read when they are null. */
  readonly schema: BlockSchema;
  /**
   * Called once per ConfigureProvider; config has env defaults applied; may contain Unknown.
   * Must not fail for a missing credential: report that only when a resource needs it.
   */
  configure(config: CtyObject, meta: { readonly terraformVersion: string }): Clients | Promise<Clients>;
  readonly resources: readonly ResourceDefinition<Clients>[];
  /**
   * Called once as the plugin process ends, after every call has finished (and, when the engine
   * died, after this process's creations were deleted again). Must be quick: the engine is waiting.
   */
  finish?(outcome: WalkOutcome): void | Promise<void>;
}

/** How a plugin process's part of the engine's run ended. */
export interface WalkOutcome {
  /** The process applied changes (ApplyResourceChange): an apply walk, whose plans covered only what changed. */
  readonly applied: boolean;
  /** The engine died before the walk ended. */
  readonly engineDied: boolean;
}

/** One managed resource type: its schema and the hooks the framework calls for each RPC. */
export interface ResourceDefinition<Clients> {
  readonly schema: ResourceSchema;
  /** Cross-attribute checks at validate/plan; config may hold Unknown; zero API calls. */
  validate?(config: CtyObject): ValidationIssue[];
  /**
   * Runs after the framework's default plan, before requires_replace is computed. May set
   * attributes Unknown, add requiresReplace paths (e.g. rotation), add warnings. prior is null on create.
   */
  modifyPlan?(
    ctx: ResourceContext<Clients>,
    request: {
      readonly prior: CtyObject | null;
      readonly planned: CtyObject;
      readonly config: CtyObject;
      readonly priorPrivate: PrivateState | undefined;
    },
  ): Promise<PlanModification | void> | PlanModification | void;
  create(ctx: ResourceContext<Clients>, request: { readonly planned: CtyObject; readonly config: CtyObject }): Promise<HookResult>;
  /** Refreshes the state from the remote object; null means the object is gone. */
  read(
    ctx: ResourceContext<Clients>,
    request: { readonly state: CtyObject; readonly private: PrivateState | undefined },
  ): Promise<HookResult | null>;
  /** In-place update; without it every configurable attribute must be `requiresReplace`. */
  update?(
    ctx: ResourceContext<Clients>,
    request: {
      readonly prior: CtyObject;
      readonly planned: CtyObject;
      readonly config: CtyObject;
      readonly private: PrivateState | undefined;
    },
  ): Promise<HookResult>;
  delete(ctx: ResourceContext<Clients>, request: { readonly state: CtyObject; readonly private: PrivateState | undefined }): Promise<void>;
  /** State may be partial: missing attributes become null. The engine then calls `read`. */
  import?(ctx: ResourceContext<Clients>, request: { readonly id: string }): Promise<HookResult>;
  /**
   * When the engine dies before finishing its run, delete again what this process created of
   * this type: the engine may have lost every state change of the run, and the next run creates
   * the objects anew. Right for objects a rerun can recreate (credentials); absent means off.
   */
  readonly rollbackOnEngineDeath?: boolean;
  /**
   * How long one hook call may take before it fails the operation. A create that finishes later
   * is deleted again (no state will record it). Absent: ten minutes.
   */
  readonly timeoutMs?: number;
  /** Version upgrades of stored state; called with the decoded JSON when the stored version < schema.version. */
  upgradeState?(fromVersion: number, rawState: Record<string, unknown>): Record<string, unknown>;
}

/** What create, read, update and import return. */
export interface HookResult {
  readonly state: CtyObject;
  /** The instance's private state from now on. Absent: read and update keep what it was; `{}` clears it (hooks then receive `undefined`). */
  readonly private?: PrivateState;
}

/** Stored as JSON bytes in the engine's per-instance private field. */
export type PrivateState = Record<string, unknown>;

/** What `modifyPlan` may change about the framework's default plan. */
export interface PlanModification {
  readonly planned?: CtyObject;
  /** Attribute names whose change replaces the resource, in addition to `requiresReplace` attributes. */
  readonly requiresReplace?: readonly string[];
  readonly diagnostics?: readonly ValidationIssue[];
}

/** What every hook except validate receives. */
export interface ResourceContext<Clients> {
  readonly clients: Clients;
  now(): Date;
  readonly log: Logger;
  /** Adds a warning diagnostic to the response of the current RPC. */
  warn(summary: string, detail?: string, path?: string[]): void;
  /**
   * Like {@link warn}, but only the first time this plugin process reports `summary`. The engine
   * runs a whole plan or apply through one process, so a note that holds for every resource of a
   * run appears once in its output, not once per resource.
   */
  warnOncePerRun(summary: string, detail?: string, path?: string[]): void;
  /** Aborted when the engine calls StopProvider (Ctrl-C): finish quickly and cleanly. */
  readonly stopping: AbortSignal;
}

/**
 * Thrown by create/update when something was created before the failure: the framework saves
 * `state` (the engine marks it tainted) and reports `cause`, so nothing is orphaned.
 */
export class PartialStateError extends Error {
  /** Private state to store with `state`. */
  readonly private?: PrivateState;

  constructor(
    public readonly state: CtyObject,
    public readonly cause: unknown,
    // `private` is reserved in strict mode, so it cannot be a parameter property.
    privateState?: PrivateState,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "PartialStateError";
    this.private = privateState;
  }
}

/**
 * An error about one attribute: its diagnostic points the engine at that argument in the
 * configuration instead of at the whole resource block.
 */
export class AttributeError extends Error {
  constructor(
    message: string,
    public readonly attributePath: readonly (string | number)[],
  ) {
    super(message);
    this.name = "AttributeError";
  }
}
