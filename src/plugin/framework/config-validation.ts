import type { AttributeSchema, BlockSchema, ValidationIssue } from "../../schema/types";
import { isWhollyKnown } from "../cty";
import { isUnknown, type CtyObject, type CtyValue } from "../cty/values";

/**
 * Schema-driven checks of a configuration (provider block or resource): read-only attributes
 * left unset, attribute validators, `conflictsWith`, deprecation warnings. Type and required-ness are already enforced by the
 * engine. Values that are not yet known are skipped: they are checked again once known (the
 * engine re-validates before every plan). Makes no API calls.
 */
export function validateAttributes(schema: BlockSchema, config: CtyObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    const value = config[name] ?? null;
    // The engine decodes computed-only attributes like any other; refusing them is the provider's job.
    if (value !== null && isReadOnly(attribute)) {
      issues.push({
        path: [name],
        summary: `Argument "${name}" cannot be set`,
        detail: `"${name}" is computed by the provider and read-only; remove it from the configuration.`,
      });
      continue;
    }
    if (value === null || !isWhollyKnown(value, attribute.type)) continue;
    if (attribute.deprecated !== undefined) {
      issues.push({ path: [name], severity: "warning", summary: `Argument "${name}" is deprecated`, detail: attribute.deprecated });
    }
    // Validators go from the basic to the specific; one error per value says what to fix first.
    let message: string | undefined;
    for (const validator of attribute.validators ?? []) {
      message = validator(value);
      if (message !== undefined) break;
    }
    if (message !== undefined) {
      const hidden = attribute.sensitive || attribute.writeOnly;
      issues.push({
        path: [name],
        summary: `Invalid value for "${name}"`,
        detail: `"${name}" ${hidden ? redact(message, value) : message}`,
      });
    }
    for (const other of attribute.conflictsWith ?? []) {
      // Each conflicting pair is reported once, at the attribute that comes first by name.
      if (other < name && schema.attributes[other]?.conflictsWith?.includes(name)) continue;
      if (!isSet(config[other] ?? null)) continue;
      issues.push({
        path: [name],
        summary: `Conflicting arguments "${name}" and "${other}"`,
        detail: `Set at most one of "${name}" and "${other}".`,
      });
    }
  }
  return issues;
}

function isReadOnly(attribute: AttributeSchema): boolean {
  return attribute.computed === true && !attribute.optional && !attribute.required;
}

/** An unknown value may still turn out null, so only a known non-null value counts as set. */
function isSet(value: CtyValue): boolean {
  return value !== null && !isUnknown(value);
}

/** Validators may echo the value they reject; a sensitive value must not reach the terminal. */
function redact(message: string, value: CtyValue): string {
  return typeof value === "string" && value !== "" ? message.split(value).join("(sensitive value)") : message;
}
