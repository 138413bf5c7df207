import type { AttributeSchema } from "../../schema/types";
import { BigDecimal, isUnknown, type CtyValue } from "../cty/values";

/**
 * A short, human-readable form of an attribute value for provider-bug messages. Sensitive and
 * write-only values are never rendered.
 */
export function renderValue(value: CtyValue, attribute: AttributeSchema): string {
  if (attribute.sensitive || attribute.writeOnly) return "(sensitive value)";
  return render(value);
}

function render(value: CtyValue): string {
  if (value === null) return "null";
  if (isUnknown(value)) return "(known after apply)";
  if (value instanceof BigDecimal) return value.text;
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([key, inner]) => `${JSON.stringify(key)}: ${render(inner as CtyValue)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
