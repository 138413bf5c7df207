import { defineResource, unknown } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  // expect-error: Type 'Unknown' is not assignable to type 'string'
  create: (_ctx, { planned }) => ({ state: { ...planned, id: unknown, region: "r", endpoint: null } }),
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
