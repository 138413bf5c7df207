import { decodeJson } from "../cty";
import { parseExactNumber, toCtyNumber } from "../cty/decimal";
import { JsonNumberLiteral, parseJsonPreservingNumbers, type JsonNode } from "../cty/json-parser";
import type { CtyObject } from "../cty/values";
import type * as proto from "../protocol/tfplugin6";
import { blockType } from "./block-type";
import type { ResourceDefinition } from "./definition";

/**
 * UpgradeResourceState: the engine sends the stored attributes as JSON, written with the schema of
 * the provider version that stored them, on every read of state (even when versions match).
 * Decoding with the current type turns missing attributes into null and drops attributes the
 * schema no longer has; an older version first goes through the resource's `upgradeState`.
 */
export function upgradeRawState(resource: ResourceDefinition<unknown>, storedVersion: number, raw: proto.RawState | undefined): CtyObject {
  const { schema } = resource;
  const type = blockType(schema);
  const text = raw?.json && raw.json.length > 0 ? Buffer.from(raw.json).toString("utf8") : undefined;
  if (text === undefined) throw new Error(`Stored ${schema.typeName} state has no JSON form\nState written before Terraform 0.12 cannot be read.`);
  if (storedVersion === schema.version) return decodeJson(text, type) as CtyObject;
  if (!resource.upgradeState) {
    throw new Error(`Cannot upgrade ${schema.typeName} state from version ${storedVersion}\nThe provider only reads schema version ${schema.version}.`);
  }
  const upgraded = resource.upgradeState(storedVersion, toPlain(parseJsonPreservingNumbers(text)) as Record<string, unknown>);
  // BigDecimal serialises as its exact text, which decodeJson reads back as a number without loss.
  return decodeJson(JSON.stringify(upgraded), type) as CtyObject;
}

/** Plain JS for `upgradeState`: numbers stay exact (a BigDecimal where a JS number would round). */
function toPlain(node: JsonNode): unknown {
  if (node instanceof JsonNumberLiteral) {
    const exact = parseExactNumber(node.text);
    if (exact === undefined) throw new Error(`Stored state holds an invalid number ${node.text}`);
    return toCtyNumber(exact);
  }
  if (Array.isArray(node)) return node.map(toPlain);
  if (node instanceof Map) return Object.fromEntries([...node].map(([key, value]) => [key, toPlain(value)]));
  return node;
}
