import type { BlockSchema } from "../../schema/types";
import { isWhollyKnown } from "../cty";
import type { CtyObject, CtyValue } from "../cty/values";

/**
 * Fills null provider attributes from their `env` variables, first non-empty variable wins.
 * Unknown values are kept: they only become known later in the run. An environment variable
 * never conflicts with the configuration: an attribute is not filled from the environment when
 * an attribute it conflicts with is already set (by the configuration, or by the environment for
 * an attribute declared earlier in the schema), so explicit settings and schema order decide.
 */
export function applyEnvDefaults(schema: BlockSchema, config: CtyObject, env: NodeJS.ProcessEnv): CtyObject {
  const result: Record<string, CtyValue> = {};
  for (const name of Object.keys(schema.attributes)) result[name] = config[name] ?? null;
  const isSet = (name: string) => result[name] !== null && result[name] !== undefined;
  const conflicts = (a: string, b: string) =>
    Boolean(schema.attributes[a].conflictsWith?.includes(b) || schema.attributes[b]?.conflictsWith?.includes(a));
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (result[name] !== null) continue;
    if (Object.keys(schema.attributes).some((other) => isSet(other) && conflicts(name, other))) continue;
    const fromEnv = attribute.env?.map((variable) => env[variable]).find((text) => text !== undefined && text !== "");
    if (fromEnv !== undefined) result[name] = fromEnv;
  }
  return result;
}

/** Names of the provider attributes whose value is not yet known, e.g. derived from a resource not yet created. */
export function unknownAttributes(schema: BlockSchema, config: CtyObject): string[] {
  return Object.entries(schema.attributes)
    .filter(([name, attribute]) => !isWhollyKnown(config[name] ?? null, attribute.type))
    .map(([name]) => name);
}
