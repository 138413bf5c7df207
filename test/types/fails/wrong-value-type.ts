import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  // expect-error: Type 'number' is not assignable to type 'string'
  create: (_ctx, { planned }) => ({ state: { ...planned, id: 42, region: "r", endpoint: null } }),
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
