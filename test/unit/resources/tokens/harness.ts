import { TfcClient } from "../../../../src/clients/tfc";
import { startEmulator, type Emulator } from "../../../../src/emulator";
import type { CtyObject } from "../../../../src/plugin/cty/values";
import type { HookResult, PrivateState, ResourceContext, ResourceDefinition } from "../../../../src/plugin/framework/definition";
import { checkPlan, defaultPlan, replacementPaths } from "../../../../src/plugin/framework/plan";
import { checkAppliedAsPlanned, checkKnown, checkShape, fillMissing } from "../../../../src/plugin/framework/state-checks";
import type { ResourceClients } from "../../../../src/resources/resource-clients";
import { DescribedTokenJournal } from "../../../../src/resources/described-token-journal";
import type { ValidationIssue } from "../../../../src/schema/types";
import { temporaryJournal } from "../../../support/journal";

/**
 * Runs token resource hooks against the emulator in-process, through the framework's own
 * planning and consistency checks, so that a test fails where the engine would.
 */

/** A warning a hook gave through `ctx.warn`. */
export interface Warning {
  readonly summary: string;
  readonly detail?: string;
  readonly path?: readonly string[];
}

/** Every reading is 1 ms after the last: plugin processes of one test are strictly ordered. */
let tick = Date.now();
const ticking = () => new Date(++tick);

const silentLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export class TokenHarness {
  /** Warnings given since the last {@link takeWarnings}. */
  private warnings: Warning[] = [];
  /** The clock hooks see; tests move it to make rotation rules due. */
  now: Date = new Date();
  /** The working directory's journal of described tokens, as one plugin process has it. */
  journal: DescribedTokenJournal = temporaryJournal({ now: ticking });

  private constructor(
    readonly emulator: Emulator,
    /** A client with the seeded owner's token, for arranging and inspecting remote state. */
    readonly client: TfcClient,
  ) {}

  static async start(): Promise<TokenHarness> {
    const emulator = await startEmulator({ httpsPort: false, seed: "token-resources" });
    const client = await TfcClient.create({ address: emulator.tfcAddress, token: emulator.seeded.ownerUserToken, sleep: async () => {} });
    return new TokenHarness(emulator, client);
  }

  reset(): void {
    this.emulator.reset();
    this.journal = temporaryJournal({ now: ticking });
    this.warnings = [];
    this.now = new Date(this.emulator.clock.now());
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }

  context(): ResourceContext<ResourceClients> {
    const warn = (summary: string, detail?: string, path?: string[]) => {
      this.warnings.push({ summary, ...(detail === undefined ? {} : { detail }), ...(path ? { path } : {}) });
    };
    return {
      clients: {
        tfc: async () => this.client,
        infisical: async () => {
          throw new Error("token resources must not need Infisical");
        },
        checkConfigured: (service) => {
          if (service !== "tfc") throw new Error("token resources must not need Infisical");
        },
        tfcHost: () => null,
        journal: this.journal,
      },
      now: () => this.now,
      log: silentLog,
      warn,
      // Each hook call here stands for a run of its own.
      warnOncePerRun: warn,
      stopping: new AbortController().signal,
    };
  }

  /**
   * The engine's next plugin process in the same working directory: a new journal object on the
   * same file. `finishing` ends the current process first, as a plan walk or an apply walk.
   */
  async nextProcess(finishing?: "plan" | "apply"): Promise<void> {
    if (finishing) await this.journal.finish({ applied: finishing === "apply", engineDied: false });
    this.journal = new DescribedTokenJournal(this.journal.path, { now: ticking });
  }

  takeWarnings(): Warning[] {
    const taken = this.warnings;
    this.warnings = [];
    return taken;
  }

  /** An object with every attribute of the resource null except `values`. */
  config(resource: ResourceDefinition<ResourceClients>, values: CtyObject): CtyObject {
    return fillMissing(resource.schema, values);
  }

  /**
   * PlanResourceChange as the framework runs it: the engine's proposed state, the default plan,
   * the resource's modifyPlan, then the engine's plan rules, which must hold.
   */
  async plan(
    resource: ResourceDefinition<ResourceClients>,
    request: { prior: CtyObject | null; config: CtyObject; priorPrivate?: PrivateState },
  ): Promise<{ planned: CtyObject; replace: string[]; diagnostics: readonly ValidationIssue[] }> {
    const { prior, config } = request;
    const { schema } = resource;
    const proposed = Object.fromEntries(
      Object.entries(schema.attributes).map(([name, a]) => [name, a.computed && (config[name] ?? null) === null && prior !== null ? (prior[name] ?? null) : (config[name] ?? null)]),
    );
    let planned = defaultPlan(schema, { prior, proposed, config, providerConfigKnown: true });
    const modification = await resource.modifyPlan?.(this.context(), { prior, planned, config, priorPrivate: request.priorPrivate });
    planned = modification?.planned ?? planned;
    const replace = prior === null ? [] : replacementPaths(schema, prior, planned, modification?.requiresReplace);
    const problems = [...checkShape(schema, planned, "modifyPlan"), ...checkPlan(schema, { prior, config, planned, replace, updatable: resource.update !== undefined })];
    expect(problems).toEqual([]);
    return { planned, replace, diagnostics: modification?.diagnostics ?? [] };
  }

  /** Plans a create and applies it; the result must be what was planned. */
  async create(resource: ResourceDefinition<ResourceClients>, values: CtyObject): Promise<HookResult> {
    const config = this.config(resource, values);
    const { planned } = await this.plan(resource, { prior: null, config });
    const result = await resource.create(this.context(), { planned, config });
    this.expectStorable(resource, result.state, planned);
    return result;
  }

  /** The read hook, checked as the framework checks it. */
  async read(resource: ResourceDefinition<ResourceClients>, current: HookResult): Promise<HookResult | null> {
    const result = await resource.read(this.context(), { state: current.state, private: current.private });
    if (result) expect([...checkShape(resource.schema, result.state, "read"), ...checkKnown(resource.schema, result.state, "read")]).toEqual([]);
    return result;
  }

  /** The import hook, then the read the engine runs after it. */
  async import(resource: ResourceDefinition<ResourceClients>, id: string): Promise<HookResult | null> {
    const imported = await resource.import!(this.context(), { id });
    const state = fillMissing(resource.schema, imported.state);
    expect([...checkShape(resource.schema, state, "import"), ...checkKnown(resource.schema, state, "import")]).toEqual([]);
    return this.read(resource, { state, private: imported.private });
  }

  expectStorable(resource: ResourceDefinition<ResourceClients>, state: CtyObject, planned: CtyObject): void {
    const { schema } = resource;
    expect([...checkShape(schema, state, "apply"), ...checkKnown(schema, state, "apply"), ...checkAppliedAsPlanned(schema, planned, state)]).toEqual([]);
  }

  /** Ids of the live team tokens of a team. */
  teamTokenIds(teamId: string): string[] {
    return this.emulator.inventory().teamTokens.filter((token) => token.teamId === teamId).map((token) => token.id);
  }
}

/** A fixed-width RFC 3339 timestamp some time from the emulator's now. */
export function inFuture(harness: TokenHarness, ms: number): string {
  return new Date(harness.emulator.clock.now() + ms).toISOString();
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
