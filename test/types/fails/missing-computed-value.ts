import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  // expect-error: Types of property 'endpoint' are incompatible
  create: (_ctx, { planned }) => ({ state: { ...planned, id: "x", region: "r" } }),
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
