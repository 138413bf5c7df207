import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  // expect-error: Property 'name' is missing
  create: () => ({ state: { id: "x", note: null, size: null, label: "l", region: "r", ports: null, endpoint: null } }),
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
