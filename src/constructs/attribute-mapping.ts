import { core } from "./cdk-core";
import type { CtyType } from "../schema/cty-type";
import type { BlockSchema } from "../schema/types";
import { propertyName } from "../schema/names";

export { propertyName };

/** Attributes a user may set (everything but computed-only outputs). */
export function inputAttributes(schema: BlockSchema): string[] {
  return Object.keys(schema.attributes)
    .filter((name) => schema.attributes[name].required || schema.attributes[name].optional)
    .sort();
}

function storageClass(type: CtyType): string {
  if (type === "string" || type === "number" || type === "bool") return type === "bool" ? "boolean" : type;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && type[1] === "string") return "stringList";
  if (Array.isArray(type) && type[0] === "map" && type[1] === "string") return "stringMap";
  return "any";
}

/** JSON synthesis of the set inputs: snake_case keys, as resources expect (cdktf does not convert them). */
export function synthesizeInputs(schema: BlockSchema, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of inputAttributes(schema)) out[name] = core.anyToTerraform(inputs[name]);
  return out;
}

/** `cdktf synth --hcl` synthesis: without it the HCL output silently loses every attribute. */
export function synthesizeHclInputs(schema: BlockSchema, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of inputAttributes(schema)) {
    if (inputs[name] === undefined) continue;
    out[name] = {
      value: core.anyToHclTerraform(inputs[name]),
      isBlock: false,
      type: "simple",
      storageClassType: storageClass(schema.attributes[name].type),
    };
  }
  return out;
}

/**
 * Runs the schema's validators on literal values at synth time, so a typo fails `cdktf synth`
 * with the construct path and attribute instead of at `plan`. Tokens are left to the plugin.
 */
export function validateLiteralInputs(schema: BlockSchema, inputs: Readonly<Record<string, unknown>>, constructPath: string): void {
  const problems: string[] = [];
  for (const name of inputAttributes(schema)) {
    const value = inputs[name];
    if (value === undefined || value === null || core.Token.isUnresolved(value)) continue;
    for (const validate of schema.attributes[name].validators ?? []) {
      const message = validate(value);
      if (message) problems.push(`${propertyName(name)} (${name}): ${message}`);
    }
    for (const other of schema.attributes[name].conflictsWith ?? []) {
      if (inputs[other] !== undefined && name < other) {
        problems.push(`${propertyName(name)} and ${propertyName(other)} cannot both be set`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${constructPath}: invalid configuration:\n  - ${problems.join("\n  - ")}`);
}

/**
 * The input attributes of one construct, stored by schema attribute name so that synthesis, HCL
 * synthesis and synth-time validation all follow the schema the plugin serves.
 */
export class SchemaInputs {
  private readonly values: Record<string, unknown>;

  constructor(private readonly schema: BlockSchema, config: object, constructPath: string) {
    const byProperty = config as Record<string, unknown>;
    this.values = Object.fromEntries(inputAttributes(schema).map((name) => [name, byProperty[propertyName(name)]]));
    validateLiteralInputs(schema, this.values, constructPath);
  }

  synthesize(): Record<string, unknown> {
    return synthesizeInputs(this.schema, this.values);
  }

  synthesizeHcl(): Record<string, unknown> {
    return synthesizeHclInputs(this.schema, this.values);
  }
}
