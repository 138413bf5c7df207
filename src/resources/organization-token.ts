import type { TfcClient } from "../clients/tfc";
import type { OrganizationTokenKind } from "../clients/tfc";
import { defineResource } from "../custom/define-resource";
import type { ResourceContext } from "../plugin/framework/definition";
import { organizationName } from "../schema/validators";
import type { ResourceClients } from "./resource-clients";
import { planTokenChange, validateRotationPolicy } from "./rotation";
import { auditTrailTokenSchema, auditTrailTokenTraits, organizationTokenSchema, organizationTokenTraits } from "./schemas/organization-token";
import {
  createSingletonToken,
  deleteSingletonToken,
  readSingletonToken,
  singletonPrivate,
  supersededAdvice,
  type SingletonSlot,
} from "./singleton";
import { createdState, expiryInFutureIssues, importedState, refreshedTimes, requiredId, warnSecretNotImported } from "./token-state";

/**
 * `tokenhooks_organization_token` and `tokenhooks_audit_trail_token`: the two organization-level
 * singleton tokens, one definition each from {@link organizationTokenDefinition}. Both follow the
 * singleton rules of `./singleton` (no silent overwrite, out-of-band regeneration detected,
 * delete only our own token) and the rotation rules of `./rotation`. Their schemas are in
 * `./schemas/organization-token`.
 */

const KINDS = { organization: organizationTokenTraits, "audit-trails": auditTrailTokenTraits } as const;

function slotLabels(kind: OrganizationTokenKind, organization: string): Omit<SingletonSlot, "read" | "create" | "delete"> {
  const query = kind === "audit-trails" ? "?token=audit-trails" : "";
  return {
    owner: `organization ${organization}`,
    kind: KINDS[kind].label,
    createRequest: `POST /organizations/${organization}/authentication-token${query}`,
    importId: organization,
  };
}

function slot(client: TfcClient, kind: OrganizationTokenKind, organization: string): SingletonSlot {
  return {
    ...slotLabels(kind, organization),
    read: () => client.readOrganizationToken(organization, { kind }),
    create: (expiredAt) => client.createOrganizationToken(organization, { kind, ...(expiredAt === undefined ? {} : { expiredAt }) }),
    delete: () => client.deleteOrganizationToken(organization, { kind }),
  };
}

/**
 * The resource definition of one organization-level token kind: `organization` gives
 * `tokenhooks_organization_token`, `audit-trails` gives `tokenhooks_audit_trail_token`.
 */
export function organizationTokenDefinition(kind: OrganizationTokenKind) {
  const schema = kind === "organization" ? organizationTokenSchema : auditTrailTokenSchema;
  const { typeName } = schema;

  async function slotFor(ctx: ResourceContext<ResourceClients>, organization: string): Promise<SingletonSlot> {
    return slot(await ctx.clients.tfc(), kind, organization);
  }

  return defineResource<typeof schema, ResourceClients>(schema, {
    rollbackOnEngineDeath: true,
    validate: (config) => validateRotationPolicy(config),
    modifyPlan(ctx, request) {
      ctx.clients.checkConfigured("tfc");
      const { prior } = request;
      if (prior === null) return { diagnostics: expiryInFutureIssues(request.config, ctx.now()) };
      const labels = slotLabels(kind, prior.organization);
      return planTokenChange(
        { ...request, prior },
        {
          now: ctx.now(),
          supersededAdvice: (supersedingId, config) => supersededAdvice(labels, supersedingId, config.force_regenerate === true),
        },
      );
    },
    async create(ctx, { planned }) {
      const token = await createSingletonToken(ctx, await slotFor(ctx, planned.organization), {
        forceRegenerate: planned.force_regenerate === true,
        expiredAt: planned.expired_at ?? undefined,
        resourceType: typeName,
      });
      const privateState = singletonPrivate();
      return { state: createdState(ctx, { planned, token, private: privateState }), private: privateState };
    },
    async read(ctx, { state }) {
      const found = await readSingletonToken(await slotFor(ctx, state.organization), requiredId(typeName, state.id));
      if (found.state === "gone") return null;
      if (found.state === "superseded") return { state, private: singletonPrivate(found.current.id) };
      return { state: { ...state, ...refreshedTimes(state, found.current) }, private: singletonPrivate() };
    },
    update: (_ctx, { prior, planned }) => ({ state: { ...prior, ...planned } }),
    async delete(ctx, { state }) {
      await deleteSingletonToken(ctx, await slotFor(ctx, state.organization), requiredId(typeName, state.id));
    },
    async import(ctx, { id }) {
      const problem = organizationName(id);
      if (problem !== undefined) throw new Error(`Cannot import ${typeName}: the import id ${problem}`);
      const token = await (await slotFor(ctx, id)).read();
      if (!token) {
        throw new Error(
          `Cannot import ${typeName} ${id}: the organization has no ${KINDS[kind].label}\n` +
            "HCP Terraform answered 404: there is none, or the configured token may not see it (only the owners team can).",
        );
      }
      warnSecretNotImported(ctx, token.id);
      return { state: importedState(token, { organization: id }), private: singletonPrivate() };
    },
  });
}

/** The `tokenhooks_organization_token` resource. */
export const organizationTokenResource = organizationTokenDefinition("organization");
/** The `tokenhooks_audit_trail_token` resource. */
export const auditTrailTokenResource = organizationTokenDefinition("audit-trails");
