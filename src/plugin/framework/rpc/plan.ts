import { encodeMsgpack } from "../../cty";
import type * as proto from "../../protocol/tfplugin6";
import { blockType } from "../block-type";
import { Issues } from "../issues";
import { checkPlan, defaultPlan, replacementPaths } from "../plan";
import { decodePrivate } from "../private-state";
import type { ProviderSession } from "../session";
import { checkShape, checkTypes, withoutWriteOnly } from "../state-checks";
import { decodeNullableObject, decodeObject } from "../wire-values";

/**
 * PlanResourceChange: the framework's default plan, the resource's `modifyPlan`, then the
 * engine's plan rules checked here, so that a broken plan is reported naming the attribute and
 * the rule instead of as the engine's "Provider produced invalid plan".
 */
export async function planResourceChange<C>(session: ProviderSession<C>, request: proto.PlanResourceChangeRequest): Promise<proto.PlanResourceChangeResponse> {
  const issues = new Issues();
  const resource = session.resource(request.type_name, issues);
  let response: proto.PlanResourceChangeResponse = { requires_replace: [], planned_private: request.prior_private, diagnostics: [], legacy_type_system: false };
  if (resource) {
    await session.guard(issues, async () => {
      const { schema } = resource;
      const type = blockType(schema);
      const proposed = decodeNullableObject(request.proposed_new_state, type);
      if (proposed === null) {
        response = { ...response, planned_state: { msgpack: encodeMsgpack(null, type) } };
        return;
      }
      const configured = session.requireConfigured(issues);
      if (!configured) return;
      const prior = decodeNullableObject(request.prior_state, type);
      const config = decodeObject(request.config, type);
      const priorPrivate = decodePrivate(request.prior_private);
      let planned = defaultPlan(schema, { prior, proposed, config, providerConfigKnown: configured.unknown.length === 0 });
      let extraReplace: readonly string[] = [];
      const modifyPlan = resource.modifyPlan;
      const modification = modifyPlan && (await session.hook(resource, "modifyPlan", () => modifyPlan(session.context(configured, issues), { prior, planned, config, priorPrivate })));
      if (modification) {
        planned = withoutWriteOnly(schema, modification.planned ?? planned);
        extraReplace = modification.requiresReplace ?? [];
        issues.add(...(modification.diagnostics ?? []));
      }
      const replace = prior === null ? [] : replacementPaths(schema, prior, planned, extraReplace);
      issues.add(...checkShape(schema, planned, "modifyPlan"), ...checkTypes(schema, planned, "modifyPlan"));
      if (!issues.hasErrors) issues.add(...checkPlan(schema, { prior, config, planned, replace, updatable: resource.update !== undefined }));
      if (issues.hasErrors) return;
      response = {
        ...response,
        planned_state: { msgpack: encodeMsgpack(planned, type) },
        requires_replace: replace.map((name) => ({ steps: [{ attribute_name: name }] })),
      };
    });
  }
  return { ...response, diagnostics: session.diagnosticsFor(issues, resource) };
}
