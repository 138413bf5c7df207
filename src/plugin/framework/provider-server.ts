import type { ProviderHandlers } from "../protocol/serve";
import type { ProviderDefinition } from "./definition";
import { errorToIssue } from "./diagnostics";
import { Issues } from "./issues";
import { Rollback } from "./rollback";
import { applyResourceChange } from "./rpc/apply";
import { configureProvider, validateProviderConfig, validateResourceConfig } from "./rpc/configure";
import { planResourceChange } from "./rpc/plan";
import { importResourceState, readResource, upgradeResourceState } from "./rpc/read";
import { getMetadata, getProviderSchema } from "./rpc/schema";
import { ProviderSession, type ProviderServerOptions } from "./session";

export type { ProviderServerOptions } from "./session";

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
   * so whatever this process created, of the resources with `rollbackOnEngineDeath`, and has not
   * deleted since is deleted again in `drain`: a killed run's creations are rolled back, and the
   * next run, finding them gone, makes them anew.
   */
  engineDied(): void;
  /** Resolves once no call is in flight, or after `drainLimitMs`; the plugin exits afterwards. */
  drain(): Promise<void>;
}

const DEFAULT_DRAIN_LIMIT_MS = 120_000;

/**
 * The glue from tfplugin6 RPCs to a provider definition's hooks: dispatch here, each RPC's work
 * in `./rpc/`, what the process remembers across RPCs in `./session`, the rollback of objects no
 * state will record in `./rollback`. Every failure becomes a diagnostic, never a gRPC error,
 * which the engine would report as a plugin crash.
 */
export function createProviderPlugin<Clients>(definition: ProviderDefinition<Clients>, options: ProviderServerOptions = {}): ProviderPlugin {
  const session = new ProviderSession(definition, options);
  const rollback = new Rollback<Clients>(session.log);
  const { inFlight } = session;
  const handlers: FrameworkHandlers = {
    GetMetadata: async () => getMetadata(session),
    GetProviderSchema: async () => getProviderSchema(session),
    GetResourceIdentitySchemas: async () => ({ identity_schemas: {}, diagnostics: [] }),
    ValidateProviderConfig: (request) => inFlight.track(validateProviderConfig(session, request)),
    ValidateResourceConfig: (request) => inFlight.track(validateResourceConfig(session, request)),
    ConfigureProvider: (request) => inFlight.track(configureProvider(session, request)),
    UpgradeResourceState: (request) => inFlight.track(upgradeResourceState(session, request)),
    ReadResource: (request) => inFlight.track(readResource(session, request)),
    PlanResourceChange: (request) => inFlight.track(planResourceChange(session, request)),
    ApplyResourceChange: (request) => inFlight.track(applyResourceChange(session, rollback, request)),
    ImportResourceState: (request) => inFlight.track(importResourceState(session, request)),
    StopProvider: async () => {
      session.stopping.abort();
      return { Error: "" };
    },
  };

  const engineGone = () => {
    if (rollback.engineLost) return;
    rollback.engineLost = true;
    session.log.warn("The engine is gone; objects created from now on are deleted again", { calls_in_flight: inFlight.size });
  };

  return {
    handlers,
    engineGone,
    engineDied() {
      engineGone();
      if (rollback.engineDead) return;
      rollback.engineDead = true;
      session.log.warn("The engine died before finishing; objects this process created are deleted again", { objects: rollback.createdCount });
    },
    async drain() {
      if (!(await inFlight.settle(options.drainLimitMs ?? DEFAULT_DRAIN_LIMIT_MS))) {
        session.log.error("Exiting with calls still in flight", { calls_in_flight: inFlight.size });
        return;
      }
      if (rollback.engineDead && session.configured) await rollback.undoAll(session.context(session.configured, new Issues()));
      try {
        await definition.finish?.({ applied: session.applied, engineDied: rollback.engineDead });
      } catch (error) {
        session.log.error("The provider's finish hook failed", { error: errorToIssue(error).summary });
      }
    },
  };
}

/** {@link createProviderPlugin}'s handlers alone, for hosts and tests that never lose the engine. */
export function createProviderHandlers<Clients>(definition: ProviderDefinition<Clients>, options: ProviderServerOptions = {}): FrameworkHandlers {
  return createProviderPlugin(definition, options).handlers;
}
