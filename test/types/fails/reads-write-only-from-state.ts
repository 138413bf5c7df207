import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  create: (_ctx, { planned }) => ({ state: { ...planned, id: "x", region: "r", endpoint: null } }),
  // expect-error: Property 'password' does not exist
  read: (_ctx, { state }) => (state.password === "x" ? null : { state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
