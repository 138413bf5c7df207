import type { CtyPrimitiveType, CtyType } from "../../schema/cty-type";
import type { CtyObject } from "./values";

type AttributeTypes = { readonly [attribute: string]: CtyType };

/** True for `string`, `number` and `bool` (cty does not count `dynamic` as primitive). */
export function isPrimitive(type: CtyType): type is Exclude<CtyPrimitiveType, "dynamic"> {
  return type === "string" || type === "number" || type === "bool";
}

/** The attribute types of an object type; throws for any other type. */
export function objectAttributeTypes(type: CtyType): AttributeTypes {
  if (typeof type !== "string" && type[0] === "object") return type[1];
  throw new TypeError(`an object type is required, not ${describeType(type)}`);
}

/** The element type of a list, set or map type; throws for any other type. */
export function elementType(type: CtyType): CtyType {
  if (typeof type !== "string" && (type[0] === "list" || type[0] === "set" || type[0] === "map")) return type[1];
  throw new TypeError(`a collection type is required, not ${describeType(type)}`);
}

/**
 * The type in Terraform's JSON type syntax, with object attributes in sorted order as go-cty's
 * `Type.MarshalJSON` writes them.
 */
export function typeToJson(type: CtyType): string {
  if (typeof type === "string") return JSON.stringify(type);
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `[${JSON.stringify(type[0])},${typeToJson(type[1])}]`;
    case "tuple":
      return `["tuple",[${type[1].map(typeToJson).join(",")}]]`;
    case "object": {
      const attributes = sortedKeys(type[1]).map((name) => `${JSON.stringify(name)}:${typeToJson(type[1][name] as CtyType)}`);
      const optional = type.length === 3 ? `,${JSON.stringify([...type[2]].sort(compareCodePoints))}` : "";
      return `["object",{${attributes.join(",")}}${optional}]`;
    }
  }
}

/** The bytes that go in `Schema.Attribute.type` and in a dynamic value's type slot. */
export function typeToJsonBytes(type: CtyType): Buffer {
  return Buffer.from(typeToJson(type), "utf8");
}

/** Parses and checks Terraform's JSON type syntax; throws `TypeError` on anything that is not a type. */
export function typeFromJson(text: string): CtyType {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError("invalid JSON in type description");
  }
  return typeFromJsonValue(parsed);
}

/** Type identity (attribute order does not matter). */
export function sameType(a: CtyType, b: CtyType): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a[0] !== b[0]) return false;
  switch (a[0]) {
    case "list":
    case "set":
    case "map":
      return sameType(a[1], b[1] as CtyType);
    case "tuple": {
      const others = b[1] as readonly CtyType[];
      return a[1].length === others.length && a[1].every((element, index) => sameType(element, others[index] as CtyType));
    }
    case "object": {
      const others = b[1] as AttributeTypes;
      const names = Object.keys(a[1]);
      if (names.length !== Object.keys(others).length) return false;
      if (!names.every((name) => Object.hasOwn(others, name) && sameType(a[1][name] as CtyType, others[name] as CtyType))) return false;
      const optionalA = a.length === 3 ? [...a[2]].sort() : [];
      const optionalB = b.length === 3 ? [...(b[2] as readonly string[])].sort() : [];
      return optionalA.length === optionalB.length && optionalA.every((name, index) => name === optionalB[index]);
    }
  }
}

/** A short human name for error messages, in cty's `FriendlyName` style (`list of string`). */
export function describeType(type: CtyType): string {
  if (typeof type === "string") return type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${describeType(type[1])}`;
    case "tuple":
      return "tuple";
    case "object":
      return "object";
  }
}

/** An object of the given object type with every attribute null. */
export function nullObject(type: CtyType): CtyObject {
  return Object.fromEntries(Object.keys(objectAttributeTypes(type)).map((name) => [name, null]));
}

/** Orders strings by Unicode code point, i.e. by their UTF-8 bytes, as Go sorts strings. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const unitA = a.charCodeAt(index);
    const unitB = b.charCodeAt(index);
    if (unitA === unitB) continue;
    // Surrogates (astral code points) sort after every BMP unit in code point order.
    const isSurrogateA = unitA >= 0xd800 && unitA <= 0xdfff;
    const isSurrogateB = unitB >= 0xd800 && unitB <= 0xdfff;
    if (isSurrogateA !== isSurrogateB) return isSurrogateA ? 1 : -1;
    return unitA - unitB;
  }
  return a.length - b.length;
}

/** The keys of a record in code point order. */
export function sortedKeys(record: object): string[] {
  return Object.keys(record).sort(compareCodePoints);
}

/** Checks an already-parsed JSON type description; throws `TypeError` on anything that is not a type. */
export function typeFromJsonValue(candidate: unknown): CtyType {
  if (candidate === "string" || candidate === "number" || candidate === "bool" || candidate === "dynamic") return candidate;
  if (!Array.isArray(candidate) || candidate.length < 2) throw new TypeError(`invalid type description ${JSON.stringify(candidate)}`);
  const [kind, argument, optional] = candidate as unknown[];
  switch (kind) {
    case "list":
    case "set":
    case "map":
      if (candidate.length === 2) return [kind, typeFromJsonValue(argument)];
      break;
    case "tuple":
      if (candidate.length === 2 && Array.isArray(argument)) return ["tuple", argument.map(typeFromJsonValue)];
      break;
    case "object": {
      if (typeof argument !== "object" || argument === null || Array.isArray(argument) || candidate.length > 3) break;
      const attributes = Object.fromEntries(Object.entries(argument).map(([name, attribute]) => [name, typeFromJsonValue(attribute)]));
      if (candidate.length === 2) return ["object", attributes];
      if (Array.isArray(optional) && optional.every((name) => typeof name === "string" && Object.hasOwn(attributes, name))) {
        return ["object", attributes, optional as string[]];
      }
      break;
    }
  }
  throw new TypeError(`invalid type description ${JSON.stringify(candidate)}`);
}
