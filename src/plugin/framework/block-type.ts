import type { CtyType } from "../../schema/cty-type";
import type { BlockSchema } from "../../schema/types";

/** The cty object type of a block: what the engine sends and expects for its configuration and state. */
export function blockType(schema: BlockSchema): CtyType {
  return ["object", Object.fromEntries(Object.entries(schema.attributes).map(([name, attribute]) => [name, attribute.type]))];
}
