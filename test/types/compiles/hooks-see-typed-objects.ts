import { defineResource, isUnknown, unknown } from "../../../src/custom";
import { thingSchema, type Clients } from "../schema";

// Every hook sees typed objects: no cast, no cty.
export const thing = defineResource<typeof thingSchema, Clients>(thingSchema, {
  validate(config) {
    const note: string | null | typeof unknown = config.note;
    return isUnknown(note) || note === null || note.length < 100 ? [] : [{ path: ["note"], summary: "note is too long" }];
  },
  modifyPlan(_ctx, { prior, planned }) {
    const renamed = prior !== null && planned.name !== prior.name;
    return renamed ? { planned: { ...planned, region: unknown }, requiresReplace: ["region"] } : undefined;
  },
  async create(ctx, { planned, config }) {
    const name: string = planned.name;
    const label: string = planned.label;
    const size: bigint | null = planned.size;
    const password: string | null = config.password;
    const created = await ctx.clients.api.create(`${name}-${label}-${size ?? 0n}`, password);
    return { state: { ...planned, id: created.id, region: created.region, endpoint: { host: "h", port: 443 } } };
  },
  read: (_ctx, { state }) => ({ state: { ...state, note: state.note ?? null } }),
  update: (_ctx, { prior, planned }) => ({ state: { ...prior, ...planned } }),
  delete: () => undefined,
  import: (_ctx, { id }) => ({ state: { id } }),
  timeoutSeconds: 30,
});
