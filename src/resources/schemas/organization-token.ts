import { resourceSchema } from "../../custom/define-resource";
import { organizationName } from "../../schema/validators";
import { attribute } from "../../custom/attribute";
import { expiredAtAttribute, forceRegenerateAttribute, rotationAttributes, tokenOutputAttributes } from "./token-attributes";

/** What differs between the two organization-level singleton tokens. */
export interface OrganizationTokenKindTraits {
  readonly typeName: string;
  /** For messages and descriptions: `organization token`. */
  readonly label: string;
  readonly summary: string;
}

function schemaFor({ typeName, label, summary }: OrganizationTokenKindTraits) {
  return resourceSchema({
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
      organization: attribute.string({ required: true, requiresReplace: true, validators: [organizationName], description: "The organization's name." }),
      expired_at: expiredAtAttribute(label),
      force_regenerate: forceRegenerateAttribute(label, "the organization"),
      ...rotationAttributes,
    },
  });
}

export const organizationTokenTraits: OrganizationTokenKindTraits = {
  typeName: "tokenhooks_organization_token",
  label: "organization token",
  summary:
    "The HCP Terraform organization API token. It can manage most of the organization's resources but cannot start " +
    "runs. Managing it needs an owners-team or user token.",
};

export const auditTrailTokenTraits: OrganizationTokenKindTraits = {
  typeName: "tokenhooks_audit_trail_token",
  label: "audit trail token",
  summary:
    "The HCP Terraform organization's audit-trails token, which reads the audit trail. Creating it needs the " +
    "`audit-logging` entitlement (HCP Terraform only).",
};

/** Schema of `tokenhooks_organization_token`. */
export const organizationTokenSchema = schemaFor(organizationTokenTraits);
/** Schema of `tokenhooks_audit_trail_token`. */
export const auditTrailTokenSchema = schemaFor(auditTrailTokenTraits);
