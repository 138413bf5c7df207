import type { CtyType } from "../../schema/cty-type";
import type { AttributeSchema, BlockSchema } from "../../schema/types";
import { propertyName } from "../../schema/names";
import type { ProviderDefinition, ResourceDefinition } from "./definition";

/**
 * Checks a provider definition against the engine's schema rules (Terraform's
 * `configschema.InternalValidate`, which fails every command with "invalid schema … a bug in the
 * provider") and against the framework's own rules, whose violation would otherwise surface later
 * as "Provider produced invalid plan". Returns one message per problem; empty when valid.
 */
export function checkProviderDefinition(definition: ProviderDefinition<unknown>): string[] {
  const problems = checkProviderBlock(definition.typeName, definition.schema);
  const seen = new Set<string>();
  for (const resource of definition.resources) {
    const typeName = resource.schema.typeName;
    if (seen.has(typeName)) problems.push(`${typeName}: resource type defined twice`);
    seen.add(typeName);
    problems.push(...checkResourceDefinition(resource, definition.typeName));
  }
  return problems;
}

/** The provider's own name and configuration block. */
export function checkProviderBlock(typeName: string, schema: BlockSchema): string[] {
  const problems: string[] = [];
  if (!NAME.test(typeName)) problems.push(`provider type name ${JSON.stringify(typeName)}: ${NAME_RULE}`);
  problems.push(...checkBlock(`provider ${typeName}`, schema, "provider"));
  return problems;
}

/**
 * One resource on its own: its type name (`<provider>_<name>`; with `providerTypeName` unknown,
 * any lowercase name with a provider prefix), its attributes and its hooks.
 */
export function checkResourceDefinition(resource: ResourceDefinition<unknown>, providerTypeName?: string): string[] {
  const { typeName } = resource.schema;
  const problems: string[] = [];
  if (providerTypeName !== undefined && (!typeName.startsWith(`${providerTypeName}_`) || !NAME.test(typeName))) {
    problems.push(`${typeName}: resource type name must be "${providerTypeName}_" followed by lowercase letters, digits and underscores`);
  } else if (providerTypeName === undefined && !RESOURCE_NAME.test(typeName)) {
    problems.push(`resource type name ${JSON.stringify(typeName)}: must be "<provider>_<name>" in lowercase letters, digits and underscores`);
  }
  problems.push(...checkBlock(typeName, resource.schema, "resource"));
  problems.push(...checkUpdatability(resource));
  const id = resource.schema.attributes.id;
  if (id?.sensitive || id?.writeOnly) problems.push(`${typeName}.id: the id is shown in plans, logs and import commands, so it cannot be sensitive or write-only`);
  if (resource.timeoutMs !== undefined && !(Number.isFinite(resource.timeoutMs) && resource.timeoutMs > 0)) problems.push(`${typeName}: the hook timeout must be a positive number`);
  return problems;
}

const NAME = /^[a-z0-9_]+$/;
const RESOURCE_NAME = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;
const NAME_RULE = "may contain only lowercase letters, digits and underscores";

type BlockKind = "provider" | "resource";

function checkBlock(where: string, block: BlockSchema, kind: BlockKind): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(block.version) || block.version < 0) problems.push(`${where}: schema version must be a non-negative integer`);
  const properties = new Map<string, string>();
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const at = `${where}.${name}`;
    if (!NAME.test(name)) problems.push(`${at}: attribute name ${NAME_RULE}`);
    // Two names for one construct property (`a_b1`, `a_b_1`) would make one shadow the other.
    const property = propertyName(name);
    const twin = properties.get(property);
    if (twin !== undefined) problems.push(`${at}: duplicate attribute: "${twin}" and "${name}" are both the construct property "${property}"`);
    properties.set(property, name);
    problems.push(...checkFlags(at, attribute, kind));
    problems.push(...checkType(at, attribute.type));
    for (const other of attribute.conflictsWith ?? []) {
      const target = block.attributes[other];
      if (other === name) problems.push(`${at}: conflictsWith names the attribute itself`);
      else if (!target) problems.push(`${at}: conflictsWith names unknown attribute ${JSON.stringify(other)}`);
      else if (target.required || attribute.required) problems.push(`${at}: conflictsWith cannot involve a required attribute`);
    }
  }
  return problems;
}

/** The engine's flag combinations, then the framework's. */
function checkFlags(at: string, a: AttributeSchema, kind: BlockKind): string[] {
  const problems: string[] = [];
  const computedOnly = Boolean(a.computed && !a.optional);
  if (!a.optional && !a.required && !a.computed) problems.push(`${at}: must set optional, required or computed`);
  if (a.optional && a.required) problems.push(`${at}: cannot set both optional and required`);
  if (a.computed && a.required) problems.push(`${at}: cannot set both computed and required`);
  if (a.deprecated !== undefined && a.deprecated.trim() === "") problems.push(`${at}: deprecated must be a non-empty message`);
  if (a.writeOnly && a.computed) problems.push(`${at}: a write-only attribute cannot be computed (it is never stored)`);
  if (a.writeOnly && a.requiresReplace) problems.push(`${at}: a write-only attribute cannot require replacement (its changes are invisible to the plan)`);
  if (computedOnly && a.requiresReplace) {
    problems.push(`${at}: requiresReplace on a computed-only attribute has no meaning; return requiresReplace from modifyPlan instead`);
  }
  if (computedOnly && a.validators?.length) problems.push(`${at}: validators on a computed-only attribute never run`);
  if (computedOnly && a.conflictsWith?.length) problems.push(`${at}: conflictsWith on a computed-only attribute never applies`);
  if (a.default !== undefined && !(a.optional && a.computed)) problems.push(`${at}: an attribute with a default must be optional and computed`);
  if (a.bigint && a.type !== "number") problems.push(`${at}: bigint applies to number attributes only`);
  if (kind === "provider") {
    if (a.computed || a.writeOnly || a.requiresReplace) problems.push(`${at}: provider configuration attributes cannot be computed, write-only or requiresReplace`);
    if (a.env?.length && a.type !== "string") problems.push(`${at}: env defaults are only supported for string attributes`);
  } else if (a.env?.length) {
    problems.push(`${at}: env defaults are only supported in the provider configuration`);
  }
  return problems;
}

function checkType(at: string, type: CtyType, inSet = false): string[] {
  if (typeof type === "string") {
    if (!["string", "number", "bool", "dynamic"].includes(type)) return [`${at}: unknown primitive type ${JSON.stringify(type)}`];
    return inSet && type === "dynamic" ? [`${at}: set types may not contain dynamic values`] : [];
  }
  if (!Array.isArray(type)) return [`${at}: malformed type ${JSON.stringify(type)}`];
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "map":
      return checkType(at, inner as CtyType, inSet);
    case "set":
      return checkType(at, inner as CtyType, true);
    case "object":
      if (typeof inner !== "object" || inner === null || Array.isArray(inner)) return [`${at}: malformed object type`];
      return Object.entries(inner as Record<string, CtyType>).flatMap(([name, t]) => checkType(`${at}.${name}`, t, inSet));
    case "tuple":
      if (!Array.isArray(inner)) return [`${at}: malformed tuple type`];
      return (inner as CtyType[]).flatMap((t, index) => checkType(`${at}[${index}]`, t, inSet));
    default:
      return [`${at}: malformed type ${JSON.stringify(type)}`];
  }
}

/** Without `update`, an in-place update plan would have nothing to run, so it must be impossible. */
function checkUpdatability(resource: ResourceDefinition<unknown>): string[] {
  if (resource.update) return [];
  return Object.entries(resource.schema.attributes)
    .filter(([, a]) => (a.required || a.optional) && !a.writeOnly && !a.requiresReplace)
    .map(([name]) => `${resource.schema.typeName}.${name}: the resource has no update hook, so this configurable attribute must be requiresReplace`);
}
