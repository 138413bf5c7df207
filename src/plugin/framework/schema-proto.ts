import type { AttributeSchema, BlockSchema } from "../../schema/types";
import { StringKind, type Schema, type SchemaAttribute } from "../protocol/tfplugin6";

/**
 * A block schema as the engine reads it: attributes sorted by name, each type as the JSON bytes of
 * its cty type (which is how `CtyType` is already written).
 */
export function toProtoSchema(schema: BlockSchema): Schema {
  return {
    version: schema.version,
    block: {
      version: schema.version,
      attributes: Object.keys(schema.attributes)
        .sort()
        .map((name) => toProtoAttribute(name, schema.attributes[name])),
      block_types: [],
      description: schema.description,
      description_kind: StringKind.PLAIN,
      deprecated: false,
      deprecation_message: "",
    },
  };
}

function toProtoAttribute(name: string, attribute: AttributeSchema): SchemaAttribute {
  return {
    name,
    type: Buffer.from(JSON.stringify(attribute.type), "utf8"),
    description: attribute.description,
    description_kind: StringKind.PLAIN,
    required: attribute.required ?? false,
    optional: attribute.optional ?? false,
    computed: attribute.computed ?? false,
    sensitive: attribute.sensitive ?? false,
    write_only: attribute.writeOnly ?? false,
    deprecated: attribute.deprecated !== undefined,
    deprecation_message: attribute.deprecated ?? "",
  };
}
