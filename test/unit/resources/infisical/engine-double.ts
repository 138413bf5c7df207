import { ctyEqual } from "../../../../src/plugin/cty";
import type { CtyObject, CtyValue } from "../../../../src/plugin/cty/values";
import type { PrivateState, ResourceContext, ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { checkPlan, defaultPlan, replacementPaths } from "../../../../src/plugin/framework/plan";
import { checkAppliedAsPlanned, checkKnown, fillMissing, withoutWriteOnly } from "../../../../src/plugin/framework/state-checks";
import { createLogger } from "../../../../src/plugin/protocol/log";
import type { ProviderClients } from "../../../../src/provider/clients";

/** A warning a hook reported through `ctx.warn`. */
export interface Warning {
  readonly summary: string;
  readonly detail?: string;
  readonly path?: string[];
}

/** What a plan would do to the resource. */
export type Action = "create" | "update" | "replace" | "no-op";

export interface Plan {
  readonly action: Action;
  readonly planned: CtyObject;
  readonly replace: readonly string[];
}

/**
 * Drives one resource's hooks the way the engine and the framework do (refresh, plan with the
 * framework's default plan and checks, apply, import, destroy), keeping state and private state
 * between steps. Every plan and apply result is checked against the framework's rules.
 */
export class EngineDouble {
  state: CtyObject | null = null;
  private: PrivateState | undefined;
  readonly warnings: Warning[] = [];
  private readonly ctx: ResourceContext<ProviderClients>;

  constructor(
    private readonly resource: ResourceDefinition<ProviderClients>,
    clients: ProviderClients,
  ) {
    this.ctx = {
      clients,
      now: () => new Date(),
      log: createLogger({ module: "test", write: () => undefined }),
      warn: (summary, detail, path) => this.warnings.push({ summary, ...(detail === undefined ? {} : { detail }), ...(path ? { path } : {}) }),
      warnOncePerRun: (summary, detail) => this.ctx.warn(summary, detail),
      stopping: new AbortController().signal,
    };
  }

  /** The configuration object: every attribute null unless given. */
  config(values: Record<string, CtyValue>): CtyObject {
    return fillMissing(this.resource.schema, values);
  }

  /** ReadResource: refreshes state; the object gone means state becomes null. */
  async refresh(): Promise<void> {
    if (this.state === null) return;
    const result = await this.resource.read(this.ctx, { state: this.state, private: this.private });
    if (result === null) {
      this.state = null;
      this.private = undefined;
      return;
    }
    expect(checkKnown(this.resource.schema, result.state, "read")).toEqual([]);
    this.state = withoutWriteOnly(this.resource.schema, result.state);
    this.private = result.private ?? this.private;
  }

  /** PlanResourceChange against the current state. */
  async plan(config: CtyObject): Promise<Plan> {
    const { schema } = this.resource;
    const prior = this.state;
    let planned = defaultPlan(schema, { prior, proposed: proposedNewState(this.resource, prior, config), config, providerConfigKnown: true });
    const modification = await this.resource.modifyPlan?.(this.ctx, { prior, planned, config, priorPrivate: this.private });
    planned = withoutWriteOnly(schema, modification?.planned ?? planned);
    const replace = prior === null ? [] : replacementPaths(schema, prior, planned, modification?.requiresReplace);
    expect(checkPlan(schema, { prior, config, planned, replace, updatable: this.resource.update !== undefined })).toEqual([]);
    return { action: actionOf(this.resource, prior, planned, replace), planned, replace };
  }

  /** Refresh, plan and apply, as `terraform apply` does; returns what was done. */
  async apply(config: CtyObject): Promise<Action> {
    await this.refresh();
    const plan = await this.plan(config);
    switch (plan.action) {
      case "no-op":
        break;
      case "replace": {
        await this.destroy();
        const creation = await this.plan(config);
        this.adopt(creation.planned, await this.resource.create(this.ctx, { planned: creation.planned, config }));
        break;
      }
      case "create":
        this.adopt(plan.planned, await this.resource.create(this.ctx, { planned: plan.planned, config }));
        break;
      case "update": {
        const prior = this.state as CtyObject;
        this.adopt(plan.planned, await this.resource.update!(this.ctx, { prior, planned: plan.planned, config, private: this.private }));
        break;
      }
    }
    return plan.action;
  }

  /** ImportResourceState followed by the engine's ReadResource. */
  async import(id: string): Promise<void> {
    const result = await this.resource.import!(this.ctx, { id });
    this.state = withoutWriteOnly(this.resource.schema, fillMissing(this.resource.schema, result.state));
    this.private = result.private;
    await this.refresh();
  }

  async destroy(): Promise<void> {
    if (this.state === null) return;
    await this.resource.delete(this.ctx, { state: this.state, private: this.private });
    this.state = null;
    this.private = undefined;
  }

  private adopt(planned: CtyObject, result: { state: CtyObject; private?: PrivateState }): void {
    const state = withoutWriteOnly(this.resource.schema, result.state);
    expect(checkKnown(this.resource.schema, state, "apply")).toEqual([]);
    expect(checkAppliedAsPlanned(this.resource.schema, planned, state)).toEqual([]);
    this.state = state;
    this.private = result.private ?? this.private;
  }
}

/** The engine's proposed new state: configuration, with prior values for computed attributes left unset. */
function proposedNewState(resource: ResourceDefinition<ProviderClients>, prior: CtyObject | null, config: CtyObject): CtyObject {
  return Object.fromEntries(
    Object.entries(resource.schema.attributes).map(([name, a]) => {
      const configured = config[name] ?? null;
      return [name, a.computed && configured === null ? (prior?.[name] ?? null) : configured];
    }),
  );
}

function actionOf(resource: ResourceDefinition<ProviderClients>, prior: CtyObject | null, planned: CtyObject, replace: readonly string[]): Action {
  if (prior === null) return "create";
  if (replace.length > 0) return "replace";
  const changed = Object.entries(resource.schema.attributes).some(([name, a]) => !ctyEqual(planned[name] ?? null, prior[name] ?? null, a.type));
  return changed ? "update" : "no-op";
}
