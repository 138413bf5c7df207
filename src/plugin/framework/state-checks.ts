import type { CtyType } from "../../schema/cty-type";
import type { ResourceSchema, ValidationIssue } from "../../schema/types";
import { ctyEqual, CtyValueError, encodeMsgpack, isWhollyKnown } from "../cty";
import { isUnknown, type CtyObject, type CtyValue } from "../cty/values";
import { providerBug } from "./diagnostics";
import { renderValue } from "./render";

/**
 * Checks and normalisation of the objects resources hand back (create, read, update, import),
 * so that what reaches the engine always carries every attribute, no unknowns, and no value for
 * a write-only attribute.
 */

/** Every schema attribute present, nothing else. `what` names the hook for the message. */
export function checkShape(schema: ResourceSchema, state: CtyObject, what: string): ValidationIssue[] {
  const missing = Object.keys(schema.attributes).filter((name) => !(name in state));
  const extra = Object.keys(state).filter((name) => !(name in schema.attributes));
  const problems = [
    ...missing.map((name) => `attribute "${name}" is missing`),
    ...extra.map((name) => `"${name}" is not an attribute of the resource`),
  ];
  return problems.length === 0
    ? []
    : [providerBug(`Provider returned a malformed ${schema.typeName} object`, `The ${what} hook returned an object where ${problems.join(", ")}.`)];
}

/** Import may return a partial object: missing attributes are null until the following read. */
export function fillMissing(schema: ResourceSchema, state: CtyObject): CtyObject {
  return { ...Object.fromEntries(Object.keys(schema.attributes).map((name) => [name, null])), ...state };
}

/** Write-only values are accepted in config but never stored or planned. */
export function withoutWriteOnly(schema: ResourceSchema, state: CtyObject): CtyObject {
  const result: Record<string, CtyValue> = { ...state };
  for (const [name, a] of Object.entries(schema.attributes)) if (a.writeOnly) result[name] = null;
  return result;
}

/** Every attribute's value fits its type (checked by encoding it), so a wrong one is reported naming the hook. */
export function checkTypes(schema: ResourceSchema, state: CtyObject, what: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, a] of Object.entries(schema.attributes)) {
    const problem = typeProblem(state[name] ?? null, a.type);
    if (problem !== undefined) {
      issues.push(providerBug(`Provider returned a wrong value for "${name}"`, `The ${what} hook of ${schema.typeName} returned a "${name}" that is not a ${describe(a.type)}: ${problem}.`, [name]));
    }
  }
  return issues;
}

/** Why `value` does not fit `type`, or undefined when it does. */
function typeProblem(value: CtyValue, type: CtyType): string | undefined {
  try {
    encodeMsgpack(value, type);
    return undefined;
  } catch (error) {
    if (error instanceof CtyValueError) return error.reason;
    throw error;
  }
}

function describe(type: CtyType): string {
  return typeof type === "string" ? type : JSON.stringify(type);
}

/** A stored object must be wholly known. */
export function checkKnown(schema: ResourceSchema, state: CtyObject, what: string): ValidationIssue[] {
  return Object.entries(schema.attributes)
    .filter(([name, a]) => !isWhollyKnown(state[name] ?? null, a.type))
    .map(([name]) =>
      providerBug(`Provider returned an unknown value for "${name}"`, `The ${what} hook of ${schema.typeName} left "${name}" unknown; stored values must be known.`, [name]),
    );
}

/**
 * Checks an apply result against the plan (Terraform's `objchange.AssertObjectCompatible`):
 * every known planned value must come back unchanged; values planned unknown may be anything.
 */
export function checkAppliedAsPlanned(schema: ResourceSchema, planned: CtyObject, actual: CtyObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, a] of Object.entries(schema.attributes)) {
    const mismatch = findMismatch(planned[name] ?? null, actual[name] ?? null, a.type, [name]);
    if (mismatch) {
      const detail =
        `${schema.typeName}.${mismatch.path.join(".")} was planned as ${renderValue(mismatch.planned, a)} ` +
        `but the apply returned ${renderValue(mismatch.actual, a)}; a value known at plan time must not change during apply.`;
      issues.push(providerBug(`Provider produced an inconsistent result for "${name}"`, detail, [name]));
    }
  }
  return issues;
}

interface Mismatch {
  readonly path: readonly (string | number)[];
  readonly planned: CtyValue;
  readonly actual: CtyValue;
}

function findMismatch(planned: CtyValue, actual: CtyValue, type: CtyType, path: (string | number)[]): Mismatch | undefined {
  if (isUnknown(planned) || type === "dynamic") return undefined;
  const here = { path, planned, actual };
  if (planned === null || actual === null || isUnknown(actual)) return planned === actual ? undefined : here;
  if (typeof type === "string") return ctyEqual(planned, actual, type) ? undefined : here;
  const [kind, inner] = type;
  if (kind === "set") {
    // Set elements have no identity to correlate; once planned wholly known the set must match exactly.
    if (isWhollyKnown(planned, type)) return ctyEqual(planned, actual, type) ? undefined : here;
    return (actual as readonly CtyValue[]).length <= (planned as readonly CtyValue[]).length ? undefined : here;
  }
  if (kind === "list" || kind === "tuple") {
    const p = planned as readonly CtyValue[];
    const q = actual as readonly CtyValue[];
    if (p.length !== q.length) return here;
    for (let i = 0; i < p.length; i++) {
      const elementType = kind === "list" ? (inner as CtyType) : (inner as readonly CtyType[])[i];
      const found = findMismatch(p[i], q[i], elementType, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  const p = planned as Record<string, CtyValue>;
  const q = actual as Record<string, CtyValue>;
  const keys = kind === "map" ? Object.keys(p) : Object.keys(inner as Record<string, CtyType>);
  if (kind === "map" && (Object.keys(q).length !== keys.length || keys.some((key) => !(key in q)))) return here;
  for (const key of keys) {
    const elementType = kind === "map" ? (inner as CtyType) : (inner as Record<string, CtyType>)[key];
    const found = findMismatch(p[key] ?? null, q[key] ?? null, elementType, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** A hook's object as it can be stored: unknowns, missing, ill-typed and write-only attributes as null. */
export function storableAttributes(schema: ResourceSchema, state: CtyObject): CtyObject {
  return Object.fromEntries(
    Object.entries(schema.attributes).map(([name, a]) => {
      const value = state[name] ?? null;
      const storable = !a.writeOnly && typeProblem(value, a.type) === undefined && isWhollyKnown(value, a.type);
      return [name, storable ? value : null];
    }),
  );
}
