import type { CtyType } from "../../schema/cty-type";
import type { ValidationIssue } from "../../schema/types";
import { createLogger, type Logger } from "../protocol/log";
import type * as proto from "../protocol/tfplugin6";
import { blockType } from "./block-type";
import type { ProviderDefinition, ResourceContext, ResourceDefinition } from "./definition";
import { errorToIssue, toDiagnostics } from "./diagnostics";
import { callHook, DEFAULT_HOOK_TIMEOUT_MS, type HookName } from "./hook-call";
import { InFlightCalls } from "./in-flight";
import { Issues } from "./issues";
import { checkProviderDefinition } from "./schema-check";

/** Injectable surroundings, for tests. */
export interface ProviderServerOptions {
  /** Environment read for provider `env` defaults; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock handed to hooks as `ctx.now`; default the system clock. */
  readonly now?: () => Date;
  /** Default: hclog lines on stderr, which the engine re-logs under the provider's name. */
  readonly log?: Logger;
  /** Longest a plugin's drain waits for calls in flight; default 120 s (a create's retries and lookups). */
  readonly drainLimitMs?: number;
}

/** What ConfigureProvider produced. */
export interface Configured<Clients> {
  readonly clients: Clients;
  /** Provider attributes not yet known (derived from resources not yet created). */
  readonly unknown: readonly string[];
}

/**
 * What one plugin process knows across RPCs: the definition it serves, its configuration once
 * the engine sent it, and whether the engine asked it to stop. The RPC modules (`./rpc/`) share
 * it, and with it how a resource is looked up, how hooks get their context and how whatever an
 * RPC throws becomes a diagnostic.
 */
export class ProviderSession<Clients> {
  readonly log: Logger;
  /** Problems of the definition itself; the schema RPCs report them and nothing else is served. */
  readonly problems: readonly string[];
  readonly providerType: CtyType;
  readonly stopping = new AbortController();
  /** Calls not yet answered, and work a timed-out hook left behind; the plugin waits for them before it exits. */
  readonly inFlight = new InFlightCalls();
  configured: Configured<Clients> | undefined;
  /** The process applied changes (ApplyResourceChange): an apply walk. */
  applied = false;
  private readonly resources: ReadonlyMap<string, ResourceDefinition<Clients>>;
  /** Summaries of the warnings given with `warnOncePerRun`. */
  private readonly warnedOnce = new Set<string>();

  constructor(
    readonly definition: ProviderDefinition<Clients>,
    readonly options: ProviderServerOptions,
  ) {
    this.log = options.log ?? createLogger({ module: `provider.${definition.typeName}` });
    this.problems = checkProviderDefinition(definition as ProviderDefinition<unknown>);
    this.resources = new Map(definition.resources.map((resource) => [resource.schema.typeName, resource]));
    this.providerType = blockType(definition.schema);
  }

  resourceTypeNames(): string[] {
    return [...this.resources.keys()];
  }

  resourceDefinitions(): ResourceDefinition<Clients>[] {
    return [...this.resources.values()];
  }

  resource(typeName: string, issues: Issues): ResourceDefinition<Clients> | undefined {
    const resource = this.resources.get(typeName);
    if (!resource) issues.add({ path: [], summary: `Unknown resource type ${typeName}`, detail: `The ${this.definition.typeName} provider has no resource type "${typeName}".` });
    return resource;
  }

  requireConfigured(issues: Issues): Configured<Clients> | undefined {
    if (!this.configured) issues.add({ path: [], summary: "Provider not configured", detail: "The engine called a resource operation before ConfigureProvider." });
    return this.configured;
  }

  /** Planning tolerates a provider configuration that is not yet known; changing real objects does not. */
  requireKnownConfiguration(issues: Issues, purpose: string): Configured<Clients> | undefined {
    const configured = this.requireConfigured(issues);
    if (!configured || configured.unknown.length === 0) return configured;
    issues.add({
      path: [],
      summary: "Provider configuration is not known",
      detail: `${configured.unknown.join(", ")} of the ${this.definition.typeName} provider configuration is still unknown; it must be known to ${purpose}.`,
    });
    return undefined;
  }

  context(configured: Configured<Clients>, issues: Issues): ResourceContext<Clients> {
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

  /**
   * Calls one of `resource`'s hooks with its timeout, so that its failure names the resource and
   * the hook; a result arriving after the timeout goes to `late`, and the process waits for that.
   */
  hook<T>(resource: ResourceDefinition<Clients>, hook: HookName, run: () => T | Promise<T>, late?: (result: T) => Promise<void>): Promise<T> {
    const timeoutMs = resource.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
    const { result, lateWork } = callHook({ typeName: resource.schema.typeName, hook, timeoutMs, ...(late ? { late } : {}) }, run);
    void this.inFlight.track(lateWork);
    return result;
  }

  diagnosticsFor(issues: Issues, resource: ResourceDefinition<Clients> | undefined): proto.Diagnostic[] {
    return toDiagnostics(issues.list, resource ? blockType(resource.schema) : this.providerType);
  }

  providerDiagnostics(issues: readonly ValidationIssue[]): proto.Diagnostic[] {
    return toDiagnostics(issues, this.providerType);
  }

  /** Runs one RPC's work; whatever it throws becomes an error diagnostic. */
  async guard(issues: Issues, work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.log.error("provider operation failed", { error: errorToIssue(error).summary });
      issues.add(errorToIssue(error));
    }
  }
}
