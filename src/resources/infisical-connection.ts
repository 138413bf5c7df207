import type { AppConnection, InfisicalClient } from "../clients/infisical";
import { isConnectionNameTaken, isCredentialRefused } from "../clients/infisical/errors";
import { ctyEqual } from "../plugin/cty";
import { isUnknown, UNKNOWN, type CtyObject, type CtyValue } from "../plugin/cty/values";
import {
  AttributeError,
  type HookResult,
  type PrivateState,
  type ResourceDefinition,
} from "../plugin/framework/definition";
import type { ProviderClients } from "../provider/clients";
import { cty } from "../schema/cty-type";
import type { AttributeValidator, ResourceSchema, ValidationIssue } from "../schema/types";
import { herokuAuthToken, lengthBetween, nonBlank, slug, trimmed, uuid } from "../schema/validators";
import { foreignHostWarning, hostInfisicalRefuses, refusedTokenHint } from "./infisical-tfc-host";

/** What differs between the Infisical app connections this provider manages. */
interface ConnectionKind {
  /** Terraform type name. */
  readonly typeName: string;
  /** Infisical's app id, the `:app` in `/api/v1/app-connections/:app`. */
  readonly app: "terraform-cloud" | "heroku";
  /** Human name of the service the credential is for. */
  readonly label: string;
  /** The only connection method that works without a browser. */
  readonly method: string;
  /** Attribute holding the credential, e.g. `api_token`; `<it>_wo` and `<it>_wo_version` are its write-only form. */
  readonly credentialAttribute: string;
  /** Key of the credential in Infisical's `credentials` object. */
  readonly credentialKey: string;
  /** What the credential is and where to get one, for the attribute's description. */
  readonly credentialDescription: string;
  /** Checks of the credential's form beyond non-blank and length, as Infisical's schema makes them. */
  readonly credentialValidators: readonly AttributeValidator[];
  /** Where Infisical checks the credential and why it refuses one, for the apply error. */
  readonly refusalHint: (clients: ProviderClients) => string;
  /** A plan warning when Infisical is about to check the credential and will refuse it, if that can be told. */
  readonly refusalWarning?: (clients: ProviderClients) => { summary: string; detail: string } | undefined;
}

/**
 * Private-state flag: the stored credential is not the configured one (it was imported, or
 * changed outside the engine), so the next apply must send it again even if nothing else changed.
 */
const RESEND_CREDENTIAL = "resendCredential";

/** The names of one kind's credential attributes. */
interface CredentialAttributes {
  readonly plain: string;
  readonly writeOnly: string;
  readonly version: string;
}

function credentialAttributes(kind: ConnectionKind): CredentialAttributes {
  const plain = kind.credentialAttribute;
  return { plain, writeOnly: `${plain}_wo`, version: `${plain}_wo_version` };
}

function connectionSchema(kind: ConnectionKind): ResourceSchema {
  const credential = credentialAttributes(kind);
  return {
    typeName: kind.typeName,
    version: 0,
    description:
      `An Infisical app connection of type \`${kind.app}\` (method \`${kind.method}\`) holding a ${kind.label} credential. ` +
      `Name, description and credential are updated in place; the credential is never read back from Infisical.`,
    attributes: {
      id: { type: cty.string, computed: true, description: "The connection's UUID, assigned by Infisical." },
      name: {
        type: cty.string,
        required: true,
        validators: [lengthBetween(1, 64), slug],
        description: "Connection name: a slug of lowercase letters, digits and single hyphens, 1–64 characters, unique in its scope. Renamed in place.",
      },
      description: {
        type: cty.string,
        optional: true,
        validators: [lengthBetween(1, 256), trimmed],
        description: "Free-text description, at most 256 characters. Updated in place.",
      },
      project_id: {
        type: cty.string,
        optional: true,
        requiresReplace: true,
        validators: [uuid],
        description: "UUID of the Infisical project owning the connection; omit for an organization-level connection. Changing it replaces the connection.",
      },
      [credential.plain]: {
        type: cty.string,
        optional: true,
        sensitive: true,
        validators: [nonBlank, lengthBetween(1, 8192), ...kind.credentialValidators],
        conflictsWith: [credential.writeOnly],
        description: `${kind.credentialDescription} Stored (sensitive) in state; a change is sent to Infisical in place. Set this or \`${credential.writeOnly}\`.`,
      },
      [credential.writeOnly]: {
        type: cty.string,
        optional: true,
        sensitive: true,
        writeOnly: true,
        validators: [nonBlank, lengthBetween(1, 8192), ...kind.credentialValidators],
        conflictsWith: [credential.plain],
        description:
          `${kind.credentialDescription} Write-only (Terraform >= 1.11): never stored in plan or state; sent on create and whenever ` +
          `\`${credential.version}\` changes. Set this or \`${credential.plain}\`.`,
      },
      [credential.version]: {
        type: cty.number,
        optional: true,
        description: `Any number; change it to send \`${credential.writeOnly}\` to Infisical again.`,
      },
      credentials_hash: {
        type: cty.string,
        computed: true,
        description: "Infisical's hash of the encrypted credential; it changes whenever the credential is replaced, in or outside Terraform.",
      },
      app: { type: cty.string, computed: true, description: `Infisical's app id, always \`${kind.app}\`.` },
      method: { type: cty.string, computed: true, description: `The connection method, always \`${kind.method}\`.` },
    },
  };
}

function text(value: CtyValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** Only a known non-null value counts as set; unknown values are checked again once known. */
function isSet(value: CtyValue | undefined): boolean {
  return value !== undefined && value !== null && !isUnknown(value);
}

function isKnownNull(value: CtyValue | undefined): boolean {
  return value === undefined || value === null;
}

function validateCredentialForm(credential: CredentialAttributes, config: CtyObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isKnownNull(config[credential.plain]) && isKnownNull(config[credential.writeOnly])) {
    issues.push({
      path: [credential.plain],
      summary: `Missing "${credential.plain}" or "${credential.writeOnly}"`,
      detail: `Set exactly one of "${credential.plain}" (kept in state) or "${credential.writeOnly}" with "${credential.version}" (never stored).`,
    });
  }
  if (isSet(config[credential.version]) && isKnownNull(config[credential.writeOnly])) {
    issues.push({
      path: [credential.version],
      summary: `"${credential.version}" has no effect without "${credential.writeOnly}"`,
      detail: `"${credential.version}" tells when to send "${credential.writeOnly}" again; set "${credential.writeOnly}" or remove "${credential.version}".`,
    });
  }
  return issues;
}

/**
 * Whether an update must send the credential: it changed, the write-only version changed, or
 * the stored credential is known not to be the configured one.
 */
function credentialMustBeSent(
  credential: CredentialAttributes,
  prior: CtyObject,
  planned: CtyObject,
  privateState: PrivateState | undefined,
): boolean {
  return (
    privateState?.[RESEND_CREDENTIAL] === true ||
    !ctyEqual(planned[credential.plain] ?? null, prior[credential.plain] ?? null, cty.string) ||
    !ctyEqual(planned[credential.version] ?? null, prior[credential.version] ?? null, cty.number)
  );
}

/** The credential from the configuration, in whichever form it is written. */
function configuredCredential(credential: CredentialAttributes, config: CtyObject): string {
  const value = text(config[credential.writeOnly]) ?? text(config[credential.plain]);
  if (value === null) {
    throw new AttributeError(
      `No credential to send: set "${credential.plain}" or "${credential.writeOnly}"`,
      [credential.plain],
    );
  }
  return value;
}

/** The attribute the configured credential is written in, to name it in errors. */
function configuredCredentialAttribute(credential: CredentialAttributes, config: CtyObject): string {
  return text(config[credential.writeOnly]) === null ? credential.plain : credential.writeOnly;
}

/** The Terraform state for a remote connection; credential attributes come from `kept` (config or prior state). */
function stateOf(credential: CredentialAttributes, connection: AppConnection, kept: CtyObject): CtyObject {
  return {
    id: connection.id,
    name: connection.name,
    description: connection.description ?? null,
    project_id: connection.projectId ?? null,
    [credential.plain]: kept[credential.plain] ?? null,
    [credential.writeOnly]: null,
    [credential.version]: kept[credential.version] ?? null,
    credentials_hash: connection.credentialsHash,
    app: connection.app,
    method: connection.method,
  };
}

function isUuid(text: string): boolean {
  return uuid(text) === undefined;
}

/** The id `terraform import` accepts for a connection found by name. */
function importIdFor(name: string, projectId: string | null): string {
  return projectId === null ? name : `${projectId}/${name}`;
}

const IMPORT_ID_FORMS = 'the connection UUID, its name (organization-level connection) or "<project_id>/<name>" (project connection)';

function createConnectionResource(kind: ConnectionKind): ResourceDefinition<ProviderClients> {
  const schema = connectionSchema(kind);
  const credential = credentialAttributes(kind);
  const credentials = (value: string) => ({ [kind.credentialKey]: value });

  async function findForImport(client: InfisicalClient, id: string): Promise<AppConnection> {
    if (isUuid(id)) {
      const found = await client.getAppConnection(kind.app, id);
      if (!found) throw new Error(`No Infisical ${kind.app} connection has id ${id}`);
      return found;
    }
    const separator = id.indexOf("/");
    const projectId = separator === -1 ? undefined : id.slice(0, separator);
    const name = separator === -1 ? id : id.slice(separator + 1);
    const problem = (projectId === undefined ? undefined : uuid(projectId)) ?? slug(name) ?? lengthBetween(1, 64)(name);
    if (problem !== undefined) {
      throw new Error(`Invalid import id ${JSON.stringify(id)}\nUse ${IMPORT_ID_FORMS}; ${problem}.`);
    }
    const found = await client.getAppConnectionByName(kind.app, name, projectId);
    const scope = projectId === undefined ? "at organization level" : `in project ${projectId}`;
    if (!found) throw new Error(`No Infisical ${kind.app} connection named "${name}" ${scope}`);
    return found;
  }

  /** An apply error naming the credential attribute and what to do, for Infisical's "Failed to validate credentials". */
  const refusedCredentialError = (ctx: { clients: ProviderClients }, config: CtyObject, refusal: { detail?: string }) => {
    const attribute = configuredCredentialAttribute(credential, config);
    return new AttributeError(
      `Infisical refused the ${kind.label} credential in "${attribute}"\n${refusal.detail ?? "Failed to validate credentials"}. ${kind.refusalHint(ctx.clients)}`,
      [attribute],
    );
  };

  const nameTakenError = (name: string, projectId: string | null, action: string) =>
    new AttributeError(
      `An Infisical app connection named "${name}" already exists\n` +
        `Cannot ${action}: names are unique ${projectId === null ? "among organization-level connections" : "in the project"}, whatever the app. ` +
        `If it is the ${kind.app} connection you mean to manage, import it with the id "${importIdFor(name, projectId)}" ` +
        `(terraform import <address> ${importIdFor(name, projectId)}); otherwise choose another name.`,
      ["name"],
    );

  return {
    schema,
    rollbackOnEngineDeath: true,

    validate: (config) => validateCredentialForm(credential, config),

    modifyPlan(ctx, { prior, planned, priorPrivate }) {
      ctx.clients.checkConfigured("infisical");
      const sendsCredential = prior === null || credentialMustBeSent(credential, prior, planned, priorPrivate);
      const warning = sendsCredential ? kind.refusalWarning?.(ctx.clients) : undefined;
      if (warning) ctx.warn(warning.summary, warning.detail, [credential.plain]);
      if (prior === null) return { planned: { ...planned, app: kind.app, method: kind.method } };
      if (!sendsCredential) return undefined;
      // Infisical re-encrypts the credential on every PATCH that carries one, which changes the hash.
      return { planned: { ...planned, credentials_hash: UNKNOWN } };
    },

    async create(ctx, { planned, config }): Promise<HookResult> {
      const client = await ctx.clients.infisical();
      const name = String(planned.name);
      const description = text(planned.description);
      const projectId = text(planned.project_id);
      let connection: AppConnection;
      try {
        connection = await client.createAppConnection(kind.app, {
          name,
          ...(description === null ? {} : { description }),
          ...(projectId === null ? {} : { projectId }),
          method: kind.method,
          credentials: credentials(configuredCredential(credential, config)),
        });
      } catch (error) {
        if (isConnectionNameTaken(error)) throw nameTakenError(name, projectId, "create it");
        if (isCredentialRefused(error)) throw refusedCredentialError(ctx, config, error);
        throw error;
      }
      return { state: stateOf(credential, connection, planned) };
    },

    async read(ctx, { state, private: privateState }) {
      const client = await ctx.clients.infisical();
      const connection = await client.getAppConnection(kind.app, String(state.id));
      if (!connection) return null;
      const changedOutside = state.credentials_hash !== null && connection.credentialsHash !== state.credentials_hash;
      const resend = changedOutside || privateState?.[RESEND_CREDENTIAL] === true;
      if (changedOutside) {
        ctx.warn(
          `The credential of ${kind.typeName} "${connection.name}" was changed outside Terraform`,
          `Infisical's credentials_hash differs from the one recorded at the last apply. The next apply sends the configured credential again.`,
        );
      }
      return {
        state: stateOf(credential, connection, state),
        private: resend ? { ...privateState, [RESEND_CREDENTIAL]: true } : privateState,
      };
    },

    async update(ctx, { prior, planned, config, private: privateState }): Promise<HookResult> {
      const client = await ctx.clients.infisical();
      const name = String(planned.name);
      const sendCredential = credentialMustBeSent(credential, prior, planned, privateState);
      const changes = {
        ...(planned.name === prior.name ? {} : { name }),
        ...(planned.description === prior.description ? {} : { description: text(planned.description) }),
        ...(sendCredential ? { credentials: credentials(configuredCredential(credential, config)) } : {}),
      };
      let connection: AppConnection;
      try {
        connection = await client.updateAppConnection(kind.app, String(prior.id), changes);
      } catch (error) {
        if (isConnectionNameTaken(error)) throw nameTakenError(name, text(prior.project_id), `rename "${String(prior.name)}"`);
        if (isCredentialRefused(error)) throw refusedCredentialError(ctx, config, error);
        throw error;
      }
      const { [RESEND_CREDENTIAL]: _sent, ...rest } = privateState ?? {};
      return { state: stateOf(credential, connection, planned), private: rest };
    },

    async delete(ctx, { state }) {
      const client = await ctx.clients.infisical();
      await client.deleteAppConnection(kind.app, String(state.id));
    },

    async import(ctx, { id }): Promise<HookResult> {
      const client = await ctx.clients.infisical();
      const connection = await findForImport(client, id);
      ctx.warn(
        `The credential of ${kind.typeName} "${connection.name}" cannot be imported`,
        `Infisical never returns credentials. Set "${credential.plain}" or "${credential.writeOnly}" in the configuration; the next apply sends it to the connection.`,
      );
      return { state: stateOf(credential, connection, {}), private: { [RESEND_CREDENTIAL]: true } };
    },
  };
}

/** `tokenhooks_infisical_terraform_cloud_connection`: an Infisical connection holding an HCP Terraform API token. */
export const infisicalTerraformCloudConnectionResource = createConnectionResource({
  typeName: "tokenhooks_infisical_terraform_cloud_connection",
  app: "terraform-cloud",
  label: "HCP Terraform",
  method: "api-token",
  credentialAttribute: "api_token",
  credentialKey: "apiToken",
  credentialDescription:
    "HCP Terraform API token (team, organization or user token) from app.terraform.io: Infisical checks every token against " +
    "app.terraform.io when it is sent, so a Terraform Enterprise or app.eu.terraform.io token is refused (the plan warns when the " +
    "provider's tfe_hostname / tfe_address is such a host).",
  credentialValidators: [],
  refusalHint: (clients) => refusedTokenHint(clients.tfcHost()),
  refusalWarning: (clients) => {
    const host = hostInfisicalRefuses(clients.tfcHost());
    return host === undefined ? undefined : foreignHostWarning(host);
  },
});

/** `tokenhooks_infisical_heroku_connection`: an Infisical connection holding a Heroku auth token. */
export const infisicalHerokuConnectionResource = createConnectionResource({
  typeName: "tokenhooks_infisical_heroku_connection",
  app: "heroku",
  label: "Heroku",
  method: "auth-token",
  credentialAttribute: "auth_token",
  credentialKey: "authToken",
  credentialDescription:
    "Heroku Platform API token starting with `HRKU-`, e.g. from `heroku authorizations:create`. Infisical checks it against " +
    "api.heroku.com when it is sent. (Infisical's `oauth` method needs a browser sign-in and is not supported.)",
  credentialValidators: [herokuAuthToken],
  refusalHint: () => "Infisical checks Heroku tokens with GET https://api.heroku.com/apps: a revoked or expired token is refused.",
});
