import type { TfcClient } from "../clients/tfc";
import type { OrganizationTokenKind } from "../clients/tfc";
import { cty } from "../schema/cty-type";
import type { ResourceSchema } from "../schema/types";
import { organizationName } from "../schema/validators";
import type { CtyObject } from "../plugin/cty/values";
import type { HookResult, ResourceContext, ResourceDefinition } from "../plugin/framework/definition";
import type { ResourceClients } from "./resource-clients";
import { planTokenChange, rotationAttributes, validateRotationPolicy } from "./rotation";
import {
  createSingletonToken,
  deleteSingletonToken,
  readSingletonToken,
  singletonPrivate,
  supersededAdvice,
  type SingletonSlot,
} from "./singleton";
import {
  createdState,
  expiredAtAttribute,
  forceRegenerateAttribute,
  importedState,
  isTrue,
  knownString,
  refreshedTimes,
  requiredString,
  tokenOutputAttributes,
  updatedState,
  warnSecretNotImported,
  expiryInFutureIssues,
} from "./token-state";

/**
 * `tokenhooks_organization_token` and `tokenhooks_audit_trail_token`: the two organization-level
 * singleton tokens, one definition each from {@link organizationTokenDefinition}. Both follow the
 * singleton rules of `./singleton` (no silent overwrite, out-of-band regeneration detected,
 * delete only our own token) and the rotation rules of `./rotation`.
 */

interface KindTraits {
  readonly typeName: string;
  /** For messages and descriptions: `organization token`. */
  readonly label: string;
  readonly summary: string;
}

const KINDS: Record<OrganizationTokenKind, KindTraits> = {
  organization: {
    typeName: "tokenhooks_organization_token",
    label: "organization token",
    summary:
      "The HCP Terraform organization API token. It can manage most of the organization's resources but cannot start " +
      "runs. Managing it needs an owners-team or user token.",
  },
  "audit-trails": {
    typeName: "tokenhooks_audit_trail_token",
    label: "audit trail token",
    summary:
      "The HCP Terraform organization's audit-trails token, which reads the audit trail. Creating it needs the " +
      "`audit-logging` entitlement (HCP Terraform only).",
  },
};

function schemaFor(kind: OrganizationTokenKind) {
  const { typeName, label, summary } = KINDS[kind];
  return {
    typeName,
    version: 0,
    description:
      `${summary} An organization has one; creating it revokes an existing one, so creation fails unless ` +
      "`force_regenerate` is set. A token regenerated outside Terraform, expired, or due by `rotate_after` / " +
      "`renew_before` is replaced at the next plan, with a warning saying why; the old token is destroyed before the " +
      "new one is created (a singleton cannot rotate without downtime). Import with the organization name; the secret " +
      "cannot be imported.",
    attributes: {
      ...tokenOutputAttributes(label),
      organization: {
        type: cty.string,
        required: true,
        requiresReplace: true,
        validators: [organizationName],
        description: "The organization's name.",
      },
      expired_at: expiredAtAttribute(label),
      force_regenerate: forceRegenerateAttribute(label, "the organization"),
      ...rotationAttributes,
    },
  } as const satisfies ResourceSchema;
}

/** Schema of `tokenhooks_organization_token`. */
export const organizationTokenSchema = schemaFor("organization");
/** Schema of `tokenhooks_audit_trail_token`. */
export const auditTrailTokenSchema = schemaFor("audit-trails");

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
export function organizationTokenDefinition(kind: OrganizationTokenKind): ResourceDefinition<ResourceClients> {
  const schema = kind === "organization" ? organizationTokenSchema : auditTrailTokenSchema;
  const { typeName } = schema;
  const organizationOf = (object: CtyObject) => requiredString(typeName, object, "organization");

  async function slotFor(ctx: ResourceContext<ResourceClients>, organization: string): Promise<SingletonSlot> {
    return slot(await ctx.clients.tfc(), kind, organization);
  }

  return {
    schema,
    rollbackOnEngineDeath: true,
    validate: (config) => validateRotationPolicy(config),
    modifyPlan(ctx, request) {
      ctx.clients.checkConfigured("tfc");
      const { prior } = request;
      if (prior === null) return { diagnostics: expiryInFutureIssues(request.config, ctx.now()) };
      const labels = slotLabels(kind, knownString(prior, "organization") ?? "");
      return planTokenChange(
        { ...request, prior },
        {
          now: ctx.now(),
          supersededAdvice: (supersedingId, config) => supersededAdvice(labels, supersedingId, isTrue(config, "force_regenerate")),
        },
      );
    },
    async create(ctx, { planned }): Promise<HookResult> {
      const token = await createSingletonToken(ctx, await slotFor(ctx, organizationOf(planned)), {
        forceRegenerate: isTrue(planned, "force_regenerate"),
        expiredAt: knownString(planned, "expired_at"),
        resourceType: typeName,
      });
      const privateState = singletonPrivate();
      return { state: createdState(ctx, { planned, token, private: privateState }), private: privateState };
    },
    async read(ctx, { state }): Promise<HookResult | null> {
      const found = await readSingletonToken(await slotFor(ctx, organizationOf(state)), requiredString(typeName, state, "id"));
      if (found.state === "gone") return null;
      if (found.state === "superseded") return { state, private: singletonPrivate(found.current.id) };
      return { state: { ...state, ...refreshedTimes(state, found.current) }, private: singletonPrivate() };
    },
    update: async (_ctx, request) => ({ state: updatedState(request.prior, request.planned) }),
    async delete(ctx, { state }): Promise<void> {
      await deleteSingletonToken(ctx, await slotFor(ctx, organizationOf(state)), requiredString(typeName, state, "id"));
    },
    async import(ctx, { id }): Promise<HookResult> {
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
  };
}

/** The `tokenhooks_organization_token` resource. */
export const organizationTokenResource = organizationTokenDefinition("organization");
/** The `tokenhooks_audit_trail_token` resource. */
export const auditTrailTokenResource = organizationTokenDefinition("audit-trails");
