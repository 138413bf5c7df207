import type { CtyType } from "../../schema/cty-type";
import { decodeJson, decodeMsgpack } from "../cty";
import type { CtyObject, CtyValue } from "../cty/values";
import type * as proto from "../protocol/tfplugin6";

/** The engine's DynamicValue (msgpack, or JSON from older engines) decoded with the block's type. */
export function decodeDynamic(value: proto.DynamicValue | undefined, type: CtyType): CtyValue {
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(value.msgpack, type);
  if (value?.json && value.json.length > 0) return decodeJson(Buffer.from(value.json).toString("utf8"), type);
  return null;
}

/** A prior, planned or proposed object, which is null when the resource does not exist on that side. */
export function decodeNullableObject(value: proto.DynamicValue | undefined, type: CtyType): CtyObject | null {
  return decodeDynamic(value, type) as CtyObject | null;
}

/** Configuration is never null: the engine sends an object with every attribute. */
export function decodeObject(value: proto.DynamicValue | undefined, type: CtyType): CtyObject {
  const decoded = decodeNullableObject(value, type);
  if (decoded === null) throw new Error("The engine sent no value where an object was expected");
  return decoded;
}
