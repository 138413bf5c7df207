import { attribute } from "../../custom/attribute";
import { resourceSchema } from "../../custom/define-resource";
import type { AttributeValidator } from "../../schema/types";
import { herokuAuthToken, lengthBetween, nonBlank, slug, trimmed, uuid } from "../../schema/validators";

/** What the schemas of the Infisical app connections this provider manages say differently. */
export interface ConnectionSchemaTraits {
  readonly typeName: string;
  /** Infisical's app id, the `:app` in `/api/v1/app-connections/:app`. */
  readonly app: "terraform-cloud" | "heroku";
  /** Human name of the service the credential is for. */
  readonly label: string;
  /** The only connection method that works without a browser. */
  readonly method: string;
  /** What the credential is and where to get one, for the attribute's description. */
  readonly credentialDescription: string;
  /** Checks of the credential's form beyond non-blank and length, as Infisical's schema makes them. */
  readonly credentialValidators: readonly AttributeValidator[];
}

/** The names of one kind's credential attributes: `<it>`, `<it>_wo` and `<it>_wo_version`. */
export interface CredentialNames {
  readonly plain: string;
  readonly writeOnly: string;
  readonly version: string;
}

function connectionAttributes(traits: ConnectionSchemaTraits) {
  return {
    id: attribute.string({ computed: true, description: "The connection's UUID, assigned by Infisical." }),
    name: attribute.string({
      required: true,
      validators: [lengthBetween(1, 64), slug],
      description: "Connection name: a slug of lowercase letters, digits and single hyphens, 1–64 characters, unique in its scope. Renamed in place.",
    }),
    description: attribute.string({
      optional: true,
      validators: [lengthBetween(1, 256), trimmed],
      description: "Free-text description, at most 256 characters. Updated in place.",
      defaultDescription: "no description",
    }),
    project_id: attribute.string({
      optional: true,
      requiresReplace: true,
      validators: [uuid],
      description: "UUID of the Infisical project owning the connection; omit for an organization-level connection. Changing it replaces the connection.",
      defaultDescription: "an organization-level connection",
    }),
    credentials_hash: attribute.string({
      computed: true,
      description: "Infisical's hash of the encrypted credential; it changes whenever the credential is replaced, in or outside Terraform.",
    }),
    app: attribute.string({ computed: true, description: `Infisical's app id, always \`${traits.app}\`.` }),
    method: attribute.string({ computed: true, description: `The connection method, always \`${traits.method}\`.` }),
  };
}

/** The credential in state, its write-only twin, and the version that says when to send the twin again. */
function credentialAttributes(traits: ConnectionSchemaTraits, names: CredentialNames) {
  const validators = [nonBlank, lengthBetween(1, 8192), ...traits.credentialValidators];
  return {
    plain: attribute.string({
      optional: true,
      sensitive: true,
      validators,
      conflictsWith: [names.writeOnly],
      description: `${traits.credentialDescription} Stored (sensitive) in state; a change is sent to Infisical in place. Set this or \`${names.writeOnly}\`.`,
      defaultDescription: `none in state: \`${names.writeOnly}\` must then be set`,
    }),
    writeOnly: attribute.string({
      optional: true,
      sensitive: true,
      writeOnly: true,
      validators,
      conflictsWith: [names.plain],
      description:
        `${traits.credentialDescription} Write-only (Terraform >= 1.11): never stored in plan or state; sent on create and whenever ` +
        `\`${names.version}\` changes. Set this or \`${names.plain}\`.`,
      defaultDescription: `\`${names.plain}\` must then be set`,
    }),
    version: attribute.number({
      optional: true,
      description: `Any number; change it to send \`${names.writeOnly}\` to Infisical again.`,
      defaultDescription: `\`${names.writeOnly}\` is sent on create only`,
    }),
  };
}

/** The type name, version and description of one kind's schema; its attributes are spelled out per kind. */
function connectionBlock(traits: ConnectionSchemaTraits) {
  return {
    typeName: traits.typeName,
    version: 0,
    description:
      `An Infisical app connection of type \`${traits.app}\` (method \`${traits.method}\`) holding a ${traits.label} credential. ` +
      "Name, description and credential are updated in place; the credential is never read back from Infisical.",
  };
}

export const terraformCloudConnectionTraits: ConnectionSchemaTraits = {
  typeName: "tokenhooks_infisical_terraform_cloud_connection",
  app: "terraform-cloud",
  label: "HCP Terraform",
  method: "api-token",
  credentialDescription:
    "HCP Terraform API token (team, organization or user token) from app.terraform.io: Infisical checks every token against " +
    "app.terraform.io when it is sent, so a Terraform Enterprise or app.eu.terraform.io token is refused (the plan warns when the " +
    "provider's tfe_hostname / tfe_address is such a host).",
  credentialValidators: [],
};

export const terraformCloudCredential: CredentialNames = { plain: "api_token", writeOnly: "api_token_wo", version: "api_token_wo_version" };
const terraformCloudCredentials = credentialAttributes(terraformCloudConnectionTraits, terraformCloudCredential);

/** Schema of `tokenhooks_infisical_terraform_cloud_connection`: an Infisical connection holding an HCP Terraform API token. */
export const terraformCloudConnectionSchema = resourceSchema({
  ...connectionBlock(terraformCloudConnectionTraits),
  attributes: {
    ...connectionAttributes(terraformCloudConnectionTraits),
    api_token: terraformCloudCredentials.plain,
    api_token_wo: terraformCloudCredentials.writeOnly,
    api_token_wo_version: terraformCloudCredentials.version,
  },
});

export const herokuConnectionTraits: ConnectionSchemaTraits = {
  typeName: "tokenhooks_infisical_heroku_connection",
  app: "heroku",
  label: "Heroku",
  method: "auth-token",
  credentialDescription:
    "Heroku Platform API token starting with `HRKU-`, e.g. from `heroku authorizations:create`. Infisical checks it against " +
    "api.heroku.com when it is sent. (Infisical's `oauth` method needs a browser sign-in and is not supported.)",
  credentialValidators: [herokuAuthToken],
};

export const herokuCredential: CredentialNames = { plain: "auth_token", writeOnly: "auth_token_wo", version: "auth_token_wo_version" };
const herokuCredentials = credentialAttributes(herokuConnectionTraits, herokuCredential);

/** Schema of `tokenhooks_infisical_heroku_connection`: an Infisical connection holding a Heroku auth token. */
export const herokuConnectionSchema = resourceSchema({
  ...connectionBlock(herokuConnectionTraits),
  attributes: {
    ...connectionAttributes(herokuConnectionTraits),
    auth_token: herokuCredentials.plain,
    auth_token_wo: herokuCredentials.writeOnly,
    auth_token_wo_version: herokuCredentials.version,
  },
});
