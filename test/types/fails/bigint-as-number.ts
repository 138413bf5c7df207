import { defineResource } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  create: (_ctx, { planned }) => {
    // expect-error: Type 'bigint | null' is not assignable to type 'number'
    const size: number = planned.size;
    return { state: { ...planned, id: String(size), region: "r", endpoint: null } };
  },
  read: (_ctx, { state }) => ({ state }),
  update: (_ctx, { prior }) => ({ state: prior }),
  delete: () => undefined,
});
