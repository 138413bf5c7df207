import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  // expect-error: Type '"colour"' is not assignable to type
  modifyPlan: () => ({ requiresReplace: ["colour"] }),
  create: (_ctx, { planned }) => ({ state: { ...planned, id: "x", region: "r", endpoint: null } }),
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
