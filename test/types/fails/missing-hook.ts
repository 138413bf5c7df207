import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

// expect-error: Property 'delete' is missing
export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  create: (_ctx, { planned }) => ({ state: { ...planned, id: "x", region: "r", endpoint: null } }),
  read: (_ctx, { state }) => ({ state }),
});
