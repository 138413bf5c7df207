import { attribute, resourceSchema, types } from "../../src/custom";

/** The schema the type fixtures share: one attribute of each kind of flag. */
export const thingSchema = resourceSchema({
  typeName: "demo_thing",
  version: 0,
  description: "A thing for the type fixtures.",
  attributes: {
    id: attribute.string({ computed: true, description: "Id." }),
    name: attribute.string({ required: true, requiresReplace: true, description: "Name." }),
    note: attribute.string({ optional: true, description: "Note.", defaultDescription: "no note" }),
    size: attribute.bigint({ optional: true, description: "Size.", defaultDescription: "unsized" }),
    label: attribute.string({ default: "plain", description: "Label." }),
    region: attribute.string({ optional: true, computed: true, description: "Region; the provider picks one when unset." }),
    password: attribute.string({ optional: true, writeOnly: true, sensitive: true, description: "Write-only password.", defaultDescription: "none" }),
    ports: attribute.list(types.number, { optional: true, description: "Ports.", defaultDescription: "none" }),
    endpoint: attribute.object({ host: types.string, port: types.number }, { computed: true, description: "Endpoint." }),
  },
});

export interface Clients {
  readonly api: { create(name: string, password: string | null): Promise<{ id: string; region: string }> };
}
