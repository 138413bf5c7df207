import { cty } from "../../../../src/schema/cty-type";
import type { AttributeSchema, ResourceSchema } from "../../../../src/schema/types";
import type { CtyObject, CtyValue } from "../../../../src/plugin/cty/values";

/** A resource schema with one attribute of every flag combination the framework plans differently. */
export const widgetSchema: ResourceSchema = {
  typeName: "demo_widget",
  version: 1,
  description: "A widget.",
  attributes: {
    id: { type: cty.string, computed: true, description: "Id." },
    name: { type: cty.string, required: true, requiresReplace: true, description: "Name." },
    note: { type: cty.string, optional: true, description: "Note." },
    label: { type: cty.string, optional: true, computed: true, description: "Label with a default." },
    token: { type: cty.string, computed: true, sensitive: true, description: "Secret." },
    password: { type: cty.string, optional: true, writeOnly: true, sensitive: true, description: "Write-only." },
    size: { type: cty.number, optional: true, description: "Size." },
    tags: { type: cty.map(cty.string), optional: true, description: "Tags." },
    ports: { type: cty.list(cty.number), optional: true, description: "Ports." },
    aliases: { type: cty.set(cty.string), optional: true, description: "Aliases." },
  },
};

export const attribute = (name: string): AttributeSchema => widgetSchema.attributes[name];

/** An object with every widget attribute null, overridden by `values`. */
export function widget(values: Record<string, CtyValue> = {}): CtyObject {
  return { ...Object.fromEntries(Object.keys(widgetSchema.attributes).map((name) => [name, null])), ...values };
}
