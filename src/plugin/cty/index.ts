export * from "./values";
export * from "./errors";
export { parseRefinements, type NumberBound, type Refinements } from "./refinements";
export { encodeMsgpack, decodeMsgpack } from "./msgpack";
export { isPrimitive, objectAttributeTypes, elementType, typeToJson, typeToJsonBytes, typeFromJson, sameType, describeType, nullObject } from "./types";
export { ctyEqual, sameValue, numbersEqual, isWhollyKnown, containsUnknown } from "./equality";
export { decodeJson, encodeJson } from "./json";
