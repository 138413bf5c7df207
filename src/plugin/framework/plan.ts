import type { ResourceSchema, ValidationIssue } from "../../schema/types";
import { ctyEqual, sameValue } from "../cty";
import { UNKNOWN, type CtyObject, type CtyValue } from "../cty/values";
import { providerBug } from "./diagnostics";
import { renderValue } from "./render";

/**
 * Planning on decoded values. The engine checks every plan (Terraform's
 * `objchange.AssertPlanValid`) and rejects a violation as "Provider produced invalid plan"; the
 * framework plans so that the default is always valid and checks the final plan (after the
 * resource's `modifyPlan`) itself, naming the attribute and the rule.
 */

/**
 * The default plan. An attribute with a `default` left null in config is planned as the
 * default. On create, other computed attributes left null in config become Unknown (known
 * after apply). On update, proposed already keeps the prior value of computed attributes left
 * null in config. Write-only attributes are never planned. When the provider configuration is
 * not yet known, an update that changes anything cannot promise computed-only values either.
 */
export function defaultPlan(
  schema: ResourceSchema,
  request: { prior: CtyObject | null; proposed: CtyObject; config: CtyObject; providerConfigKnown: boolean },
): CtyObject {
  const { prior, proposed, config, providerConfigKnown } = request;
  const changes = prior !== null && Object.entries(schema.attributes).some(
    ([name, a]) => !a.writeOnly && !ctyEqual(proposed[name] ?? null, prior[name] ?? null, a.type),
  );
  const planned: Record<string, CtyValue> = {};
  for (const [name, a] of Object.entries(schema.attributes)) {
    const configured = (config[name] ?? null) !== null;
    if (a.writeOnly) planned[name] = null;
    else if (a.default !== undefined && !configured) planned[name] = a.default as CtyValue;
    else if (prior === null && a.computed && !configured) planned[name] = UNKNOWN;
    else if (changes && !providerConfigKnown && a.computed && !a.optional) planned[name] = UNKNOWN;
    else planned[name] = proposed[name] ?? null;
  }
  return planned;
}

/** Attributes whose planned change replaces the resource: `requiresReplace` ones that differ from prior, plus `extra`. */
export function replacementPaths(schema: ResourceSchema, prior: CtyObject, planned: CtyObject, extra: readonly string[] = []): string[] {
  const changed = Object.entries(schema.attributes)
    .filter(([name, a]) => a.requiresReplace && !ctyEqual(planned[name] ?? null, prior[name] ?? null, a.type))
    .map(([name]) => name);
  return [...new Set([...changed, ...extra])].sort();
}

/**
 * Checks a final plan against the engine's rules, per attribute (Terraform's AssertPlanValid):
 * the planned value must equal config, or equal a non-null prior while config is non-null, or
 * the attribute must be computed-only, or computed with null config. Write-only attributes must
 * be planned null. Also checks that `extraReplace` names real attributes and that a resource
 * without `update` never plans an in-place update.
 */
export function checkPlan(
  schema: ResourceSchema,
  request: { prior: CtyObject | null; config: CtyObject; planned: CtyObject; replace: readonly string[]; updatable: boolean },
): ValidationIssue[] {
  const { prior, config, planned, replace, updatable } = request;
  const issues: ValidationIssue[] = [];
  for (const [name, a] of Object.entries(schema.attributes)) {
    const plannedValue = planned[name] ?? null;
    const configValue = config[name] ?? null;
    const priorValue = prior === null ? null : (prior[name] ?? null);
    const bug = (rule: string) =>
      issues.push(providerBug(`Provider produced an invalid plan for "${name}"`, `${schema.typeName}.${name}: ${rule}`, [name]));
    if (a.writeOnly) {
      if (plannedValue !== null) bug("a write-only attribute must be planned as null");
      continue;
    }
    // Raw equality, as the engine checks: an unknown matches the same unknown.
    if (sameValue(plannedValue, configValue, a.type)) continue;
    if (priorValue !== null && configValue !== null && sameValue(plannedValue, priorValue, a.type)) continue;
    if (a.computed && (!a.optional || configValue === null)) continue;
    const shown = `planned ${renderValue(plannedValue, a)} but the configuration says ${renderValue(configValue, a)}`;
    bug(`${shown}; only computed attributes left unset in the configuration may be planned freely`);
  }
  for (const name of replace) {
    if (!(name in schema.attributes)) {
      issues.push(providerBug("Provider asked to replace on an unknown attribute", `${schema.typeName} has no attribute "${name}" (from modifyPlan's requiresReplace).`));
    }
  }
  if (!updatable && prior !== null && replace.length === 0) {
    const changed = Object.entries(schema.attributes)
      .filter(([name, a]) => !sameValue(planned[name] ?? null, prior[name] ?? null, a.type))
      .map(([name]) => name);
    if (changed.length > 0) {
      issues.push(
        providerBug(
          `${schema.typeName} cannot be updated in place`,
          `The plan changes ${changed.map((n) => `"${n}"`).join(", ")} without replacing the resource, but the resource has no update hook.`,
        ),
      );
    }
  }
  return issues;
}
