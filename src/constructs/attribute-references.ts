import type { CoreLibrary } from "./cdk-core-types";
import type { CtyType } from "../schema/cty-type";

type TerraformResource = InstanceType<CoreLibrary["TerraformResource"]>;

/** A `TerraformResource` method that returns a reference token to one attribute. */
export type ReferenceGetter =
  | "getStringAttribute"
  | "getNumberAttribute"
  | "getBooleanAttribute"
  | "getListAttribute"
  | "getNumberListAttribute"
  | "getStringMapAttribute"
  | "getNumberMapAttribute"
  | "getBooleanMapAttribute";

/** The getter whose token has the attribute's own type, by `JSON.stringify` of the cty type. */
const REFERENCE_GETTERS: { readonly [type: string]: ReferenceGetter } = {
  '"string"': "getStringAttribute",
  '"number"': "getNumberAttribute",
  '"bool"': "getBooleanAttribute",
  '["list","string"]': "getListAttribute",
  '["set","string"]': "getListAttribute",
  '["list","number"]': "getNumberListAttribute",
  '["set","number"]': "getNumberListAttribute",
  '["map","string"]': "getStringMapAttribute",
  '["map","number"]': "getNumberMapAttribute",
  '["map","bool"]': "getBooleanMapAttribute",
};

/**
 * The getter that references an attribute of `type` with a token of that type (strings, numbers
 * and lists of them can then be passed wherever a literal could); undefined for the other types,
 * which have no such token.
 */
export function referenceGetter(type: CtyType): ReferenceGetter | undefined {
  return REFERENCE_GETTERS[JSON.stringify(type)];
}

/**
 * A reference (`${<type>.<name>.<attribute>}`) to one attribute of `resource`: a token of the
 * attribute's type where cdktf has one ({@link referenceGetter}), else an `IResolvable`.
 */
export function attributeReference(resource: TerraformResource, name: string, type: CtyType): unknown {
  const getter = referenceGetter(type);
  return getter === undefined ? resource.interpolationForAttribute(name) : resource[getter](name);
}
