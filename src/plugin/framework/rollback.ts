import type { CtyObject } from "../cty/values";
import type { PrivateState, ResourceContext, ResourceDefinition } from "./definition";
import { errorToIssue } from "./diagnostics";
import type { Logger } from "../protocol/log";
import { storableAttributes } from "./state-checks";

/** An object a create made, as {@link Rollback.undoCreate} takes it. */
interface CreatedObject<Clients> {
  readonly resource: ResourceDefinition<Clients>;
  readonly state: CtyObject;
  readonly private: PrivateState | undefined;
}

/**
 * What a plugin process does about objects no state will record. Once the engine is gone, a
 * create that finishes is deleted again at once (no response can reach the engine). When the
 * engine died before finishing its run, the creations of the resources that ask for it
 * (`rollbackOnEngineDeath`) are deleted too, newest first, since the engine may have lost every
 * state change of the run.
 */
export class Rollback<Clients> {
  /** No response can reach the engine any more. */
  engineLost = false;
  /** The engine process died before it finished its run. */
  engineDead = false;
  /** What this process created and has not deleted since, in creation order, by resource type and id. */
  private readonly createdHere = new Map<string, CreatedObject<Clients>>();

  constructor(private readonly log: Logger) {}

  get createdCount(): number {
    return this.createdHere.size;
  }

  remember(resource: ResourceDefinition<Clients>, state: CtyObject, privateState: PrivateState | undefined): void {
    const id = idOf(state);
    if (id !== undefined && resource.rollbackOnEngineDeath) this.createdHere.set(createdKey(resource, id), { resource, state, private: privateState });
  }

  forget(resource: ResourceDefinition<Clients>, state: CtyObject): void {
    const id = idOf(state);
    if (id !== undefined) this.createdHere.delete(createdKey(resource, id));
  }

  /** Newest first, so that an object is deleted before what it was made from. */
  async undoAll(ctx: ResourceContext<Clients>): Promise<void> {
    for (const { resource, state, private: privateState } of [...this.createdHere.values()].reverse()) {
      await this.undoCreate(resource, ctx, state, privateState);
    }
    this.createdHere.clear();
  }

  /**
   * Deletes what a create made after the engine went away: no state can record it, so left alone
   * it would be a live object nobody knows about. A failure is logged; nothing else can be done.
   */
  async undoCreate(resource: ResourceDefinition<Clients>, ctx: ResourceContext<Clients>, state: CtyObject, privateState: PrivateState | undefined): Promise<void> {
    const { typeName } = resource.schema;
    const known = storableAttributes(resource.schema, state);
    try {
      await resource.delete(ctx, { state: known, private: privateState });
      this.log.warn("Deleted an object created after the engine went away", { resource_type: typeName, id: idOf(known) });
    } catch (error) {
      this.log.error("Could not delete an object created after the engine went away", { resource_type: typeName, id: idOf(known), error: errorToIssue(error).summary });
    }
  }
}

function createdKey(resource: ResourceDefinition<unknown>, id: string): string {
  return `${resource.schema.typeName} ${id}`;
}

/** The object's `id` for log lines, when it has a string one. */
function idOf(state: CtyObject): string | undefined {
  return typeof state.id === "string" ? state.id : undefined;
}
