import { encodeMsgpack } from "../../cty";
import type { CtyObject } from "../../cty/values";
import type * as proto from "../../protocol/tfplugin6";
import { blockType } from "../block-type";
import { PartialStateError, type HookResult, type PrivateState, type ResourceDefinition } from "../definition";
import { errorToIssue, providerBug } from "../diagnostics";
import { Issues } from "../issues";
import { decodePrivate, encodePrivate } from "../private-state";
import type { Rollback } from "../rollback";
import type { ProviderSession } from "../session";
import { checkAppliedAsPlanned, checkKnown, checkShape, checkTypes, storableAttributes, withoutWriteOnly } from "../state-checks";
import { decodeNullableObject, decodeObject } from "../wire-values";

/**
 * ApplyResourceChange: create, update or delete through the resource's hooks, with the engine's
 * apply rules checked on the result. Whatever a failed create or update reports as existing is
 * saved (so nothing is orphaned), and what is created once the engine is gone is deleted again.
 */
export async function applyResourceChange<C>(
  session: ProviderSession<C>,
  rollback: Rollback<C>,
  request: proto.ApplyResourceChangeRequest,
): Promise<proto.ApplyResourceChangeResponse> {
  session.applied = true;
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  // Until something succeeds, the engine keeps what it had.
  let response: proto.ApplyResourceChangeResponse = { new_state: request.prior_state, private: request.planned_private, diagnostics: [], legacy_type_system: false };
  if (resource) {
    await session.guard(issues, async () => {
      const { schema } = resource;
      const type = blockType(schema);
      const prior = decodeNullableObject(request.prior_state, type);
      const planned = decodeNullableObject(request.planned_state, type);
      const plannedPrivate = decodePrivate(request.planned_private);
      const configured = session.requireKnownConfiguration(issues, `change ${schema.typeName}`);
      if (!configured) return;
      const ctx = session.context(configured, issues);
      if (planned === null) {
        if (prior !== null) {
          await session.hook(resource, "delete", () => resource.delete(ctx, { state: prior, private: plannedPrivate }));
          rollback.forget(resource, prior);
        }
        response = { ...response, new_state: { msgpack: encodeMsgpack(null, type) }, private: Buffer.alloc(0) };
        return;
      }
      const config = decodeObject(request.config, type);
      let result: HookResult;
      try {
        if (prior === null) {
          // A create that outlives its timeout made an object no state will record: delete it again.
          const undoLate = (late: HookResult) => rollback.undoCreate(resource, ctx, late.state, late.private);
          result = await session.hook(resource, "create", () => resource.create(ctx, { planned, config }), undoLate);
          if (rollback.engineLost) {
            await rollback.undoCreate(resource, ctx, result.state, result.private);
            return;
          }
        } else if (resource.update) {
          const update = resource.update;
          result = await session.hook(resource, "update", () => update(ctx, { prior, planned, config, private: plannedPrivate }));
        } else {
          issues.add(providerBug(`${schema.typeName} cannot be updated in place`, "The engine asked for an in-place update of a resource without an update hook."));
          return;
        }
      } catch (error) {
        if (!(error instanceof PartialStateError)) throw error;
        if (prior === null && rollback.engineLost) {
          await rollback.undoCreate(resource, ctx, error.state, error.private ?? plannedPrivate);
          return;
        }
        issues.add(errorToIssue(error));
        if (prior === null) rollback.remember(resource, error.state, error.private ?? plannedPrivate);
        response = { ...response, ...salvage(resource, error.state, error.private ?? plannedPrivate) };
        return;
      }
      const newState = withoutWriteOnly(schema, result.state);
      const hook = prior === null ? "create" : "update";
      issues.add(...checkShape(schema, newState, hook), ...checkTypes(schema, newState, hook));
      if (!issues.hasErrors) issues.add(...checkKnown(schema, newState, hook), ...checkAppliedAsPlanned(schema, planned, newState));
      const newPrivate = result.private ?? plannedPrivate;
      if (prior === null) rollback.remember(resource, newState, newPrivate);
      response = issues.hasErrors
        ? { ...response, ...salvage(resource, newState, newPrivate) }
        : { ...response, new_state: { msgpack: encodeMsgpack(newState, type) }, private: encodePrivate(newPrivate) };
    });
  }
  return { ...response, diagnostics: session.diagnosticsFor(issues, resource) };
}

/**
 * What to save when create/update failed after touching the remote object: the object the hook
 * reported, with unknown, missing and ill-typed attributes as null, so the engine can store it
 * (and taint it on create) and nothing is orphaned.
 */
function salvage(resource: ResourceDefinition<unknown>, state: CtyObject, privateState: PrivateState | undefined): Pick<proto.ApplyResourceChangeResponse, "new_state" | "private"> {
  return { new_state: { msgpack: encodeMsgpack(storableAttributes(resource.schema, state), blockType(resource.schema)) }, private: encodePrivate(privateState) };
}
