/**
 * A cty type, written exactly as Terraform's JSON type encoding (`"string"`, `["list","string"]`,
 * `["object",{"a":"number"}]`). Using the wire form as the in-memory form means the schema served to
 * the engine is `JSON.stringify(type)` and nothing has to be translated.
 */
export type CtyPrimitiveType = "string" | "number" | "bool" | "dynamic";
export type CtyType =
  | CtyPrimitiveType
  | readonly ["list", CtyType]
  | readonly ["set", CtyType]
  | readonly ["map", CtyType]
  | readonly ["object", { readonly [attribute: string]: CtyType }]
  | readonly ["object", { readonly [attribute: string]: CtyType }, readonly string[]]
  | readonly ["tuple", readonly CtyType[]];

/** Shorthands for building types in schema definitions. */
export const cty = {
  string: "string",
  number: "number",
  bool: "bool",
  dynamic: "dynamic",
  list: <T extends CtyType>(element: T) => ["list", element] as const,
  set: <T extends CtyType>(element: T) => ["set", element] as const,
  map: <T extends CtyType>(element: T) => ["map", element] as const,
  object: <T extends { readonly [attribute: string]: CtyType }>(attributes: T) => ["object", attributes] as const,
  tuple: <T extends readonly CtyType[]>(elements: T) => ["tuple", elements] as const,
} as const;
