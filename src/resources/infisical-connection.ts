import type { AppConnection, InfisicalClient } from "../clients/infisical";
import { isConnectionNameTaken, isCredentialRefused } from "../clients/infisical/errors";
import { defineResource, type ResourceHooks, type ResourceSpec } from "../custom/define-resource";
import type { Attributes, Planned, State } from "../custom/model";
import { isUnknown, UNKNOWN } from "../plugin/cty/values";
import { AttributeError, type PrivateState } from "../plugin/framework/definition";
import type { ProviderClients } from "../provider/clients";
import type { ValidationIssue } from "../schema/types";
import { lengthBetween, slug, uuid } from "../schema/validators";
import { foreignHostWarning, hostInfisicalRefuses, refusedTokenHint } from "./infisical-tfc-host";
import {
  herokuConnectionSchema,
  herokuConnectionTraits,
  herokuCredential,
  terraformCloudConnectionSchema,
  terraformCloudConnectionTraits,
  terraformCloudCredential,
  type ConnectionSchemaTraits,
  type CredentialNames,
} from "./schemas/infisical-connection";

/**
 * The Infisical app connections this provider manages. Their hooks are shared; what differs is
 * in {@link ConnectionKind}, and the schemas are in `./schemas/infisical-connection`.
 */

/** What differs between the connection kinds' hooks. */
interface ConnectionKind<A extends Attributes> {
  readonly traits: ConnectionSchemaTraits;
  readonly credential: CredentialNames;
  /** Key of the credential in Infisical's `credentials` object. */
  readonly credentialKey: string;
  /** Where Infisical checks the credential and why it refuses one, for the apply error. */
  readonly refusalHint: (clients: ProviderClients) => string;
  /** A plan warning when Infisical is about to check the credential and will refuse it, if that can be told. */
  readonly refusalWarning?: (clients: ProviderClients) => { summary: string; detail: string } | undefined;
  /**
   * The kind's typed objects, built from the parts every kind has (the attribute names of the
   * credential differ, so each kind spells them out).
   */
  readonly shape: ConnectionShape<A>;
}

/** How one kind's state and plan are written. */
interface ConnectionShape<A extends Attributes> {
  /** The state for a remote connection, with the credential values kept from configuration or prior state. */
  state(common: CommonState, credential: { readonly plain: string | null; readonly version: number | null }): State<A>;
  /** A plan with computed outputs set (known constants, or unknown until Infisical answers). */
  planning(planned: Planned<A>, outputs: { readonly app?: string; readonly method?: string; readonly credentials_hash?: typeof UNKNOWN }): Planned<A>;
}

/** The attributes every kind stores under the same names. */
interface CommonState {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly project_id: string | null;
  readonly credentials_hash: string | null;
  readonly app: string;
  readonly method: string;
}

/** A typed object seen through its attribute names, for the parts whose names differ by kind. */
type ByName = { readonly [name: string]: unknown };

/**
 * Private-state flag: the stored credential is not the configured one (it was imported, or
 * changed outside the engine), so the next apply must send it again even if nothing else changed.
 */
const RESEND_CREDENTIAL = "resendCredential";

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** Only a known non-null value counts as set; unknown values are checked again once known. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !isUnknown(value);
}

function isKnownNull(value: unknown): boolean {
  return value === undefined || value === null;
}

function validateCredentialForm(credential: CredentialNames, config: ByName): ValidationIssue[] {
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
function credentialMustBeSent(credential: CredentialNames, prior: ByName, planned: ByName, privateState: PrivateState | undefined): boolean {
  // Strings and numbers compare by value; an unknown planned value is never equal, so it sends.
  return (
    privateState?.[RESEND_CREDENTIAL] === true ||
    (planned[credential.plain] ?? null) !== (prior[credential.plain] ?? null) ||
    (planned[credential.version] ?? null) !== (prior[credential.version] ?? null)
  );
}

/** The credential from the configuration, in whichever form it is written. */
function configuredCredential(credential: CredentialNames, config: ByName): string {
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
function configuredCredentialAttribute(credential: CredentialNames, config: ByName): string {
  return text(config[credential.writeOnly]) === null ? credential.plain : credential.writeOnly;
}

/** The state for a remote connection; credential values come from `kept` (config or prior state). */
function stateOf<A extends Attributes>(kind: ConnectionKind<A>, connection: AppConnection, kept: ByName): State<A> {
  const version = kept[kind.credential.version];
  return kind.shape.state(
    {
      id: connection.id,
      name: connection.name,
      description: connection.description ?? null,
      project_id: connection.projectId ?? null,
      credentials_hash: connection.credentialsHash,
      app: connection.app,
      method: connection.method,
    },
    { plain: text(kept[kind.credential.plain]), version: typeof version === "number" ? version : null },
  );
}

function isUuid(text: string): boolean {
  return uuid(text) === undefined;
}

/** The id `terraform import` accepts for a connection found by name. */
function importIdFor(name: string, projectId: string | null): string {
  return projectId === null ? name : `${projectId}/${name}`;
}

const IMPORT_ID_FORMS = 'the connection UUID, its name (organization-level connection) or "<project_id>/<name>" (project connection)';

/** The hooks every connection kind shares. */
function connectionHooks<A extends Attributes>(kind: ConnectionKind<A>): ResourceHooks<ProviderClients, A> {
  const { traits, credential } = kind;
  const credentials = (value: string) => ({ [kind.credentialKey]: value });

  async function findForImport(client: InfisicalClient, id: string): Promise<AppConnection> {
    if (isUuid(id)) {
      const found = await client.getAppConnection(traits.app, id);
      if (!found) throw new Error(`No Infisical ${traits.app} connection has id ${id}`);
      return found;
    }
    const separator = id.indexOf("/");
    const projectId = separator === -1 ? undefined : id.slice(0, separator);
    const name = separator === -1 ? id : id.slice(separator + 1);
    const problem = (projectId === undefined ? undefined : uuid(projectId)) ?? slug(name) ?? lengthBetween(1, 64)(name);
    if (problem !== undefined) {
      throw new Error(`Invalid import id ${JSON.stringify(id)}\nUse ${IMPORT_ID_FORMS}; ${problem}.`);
    }
    const found = await client.getAppConnectionByName(traits.app, name, projectId);
    const scope = projectId === undefined ? "at organization level" : `in project ${projectId}`;
    if (!found) throw new Error(`No Infisical ${traits.app} connection named "${name}" ${scope}`);
    return found;
  }

  /** An apply error naming the credential attribute and what to do, for Infisical's "Failed to validate credentials". */
  const refusedCredentialError = (ctx: { clients: ProviderClients }, config: ByName, refusal: { detail?: string }) => {
    const attribute = configuredCredentialAttribute(credential, config);
    return new AttributeError(
      `Infisical refused the ${traits.label} credential in "${attribute}"\n${refusal.detail ?? "Failed to validate credentials"}. ${kind.refusalHint(ctx.clients)}`,
      [attribute],
    );
  };

  const nameTakenError = (name: string, projectId: string | null, action: string) =>
    new AttributeError(
      `An Infisical app connection named "${name}" already exists\n` +
        `Cannot ${action}: names are unique ${projectId === null ? "among organization-level connections" : "in the project"}, whatever the app. ` +
        `If it is the ${traits.app} connection you mean to manage, import it with the id "${importIdFor(name, projectId)}" ` +
        `(terraform import <address> ${importIdFor(name, projectId)}); otherwise choose another name.`,
      ["name"],
    );

  return {
    validate: (config) => validateCredentialForm(credential, config),

    modifyPlan(ctx, { prior, planned, priorPrivate }) {
      ctx.clients.checkConfigured("infisical");
      const sendsCredential = prior === null || credentialMustBeSent(credential, prior, planned, priorPrivate);
      const warning = sendsCredential ? kind.refusalWarning?.(ctx.clients) : undefined;
      if (warning) ctx.warn(warning.summary, warning.detail, [credential.plain]);
      if (prior === null) return { planned: kind.shape.planning(planned, { app: traits.app, method: traits.method }) };
      if (!sendsCredential) return undefined;
      // Infisical re-encrypts the credential on every PATCH that carries one, which changes the hash.
      return { planned: kind.shape.planning(planned, { credentials_hash: UNKNOWN }) };
    },

    async create(ctx, { planned, config }) {
      const client = await ctx.clients.infisical();
      const { name, description, project_id: projectId } = common(planned);
      let connection: AppConnection;
      try {
        connection = await client.createAppConnection(traits.app, {
          name,
          ...(description === null ? {} : { description }),
          ...(projectId === null ? {} : { projectId }),
          method: traits.method,
          credentials: credentials(configuredCredential(credential, config)),
        });
      } catch (error) {
        if (isConnectionNameTaken(error)) throw nameTakenError(name, projectId, "create it");
        if (isCredentialRefused(error)) throw refusedCredentialError(ctx, config, error);
        throw error;
      }
      return { state: stateOf(kind, connection, planned) };
    },

    async read(ctx, { state, private: privateState }) {
      const client = await ctx.clients.infisical();
      const stored = common(state);
      const connection = await client.getAppConnection(traits.app, String(stored.id));
      if (!connection) return null;
      const changedOutside = stored.credentials_hash !== null && connection.credentialsHash !== stored.credentials_hash;
      const resend = changedOutside || privateState?.[RESEND_CREDENTIAL] === true;
      if (changedOutside) {
        ctx.warn(
          `The credential of ${traits.typeName} "${connection.name}" was changed outside Terraform`,
          `Infisical's credentials_hash differs from the one recorded at the last apply. The next apply sends the configured credential again.`,
        );
      }
      return {
        state: stateOf(kind, connection, state),
        private: resend ? { ...privateState, [RESEND_CREDENTIAL]: true } : privateState,
      };
    },

    async update(ctx, { prior, planned, config, private: privateState }) {
      const client = await ctx.clients.infisical();
      const before = common(prior);
      const after = common(planned);
      const sendCredential = credentialMustBeSent(credential, prior, planned, privateState);
      const changes = {
        ...(after.name === before.name ? {} : { name: after.name }),
        ...(after.description === before.description ? {} : { description: after.description }),
        ...(sendCredential ? { credentials: credentials(configuredCredential(credential, config)) } : {}),
      };
      let connection: AppConnection;
      try {
        connection = await client.updateAppConnection(traits.app, String(before.id), changes);
      } catch (error) {
        if (isConnectionNameTaken(error)) throw nameTakenError(after.name, before.project_id, `rename "${before.name}"`);
        if (isCredentialRefused(error)) throw refusedCredentialError(ctx, config, error);
        throw error;
      }
      const { [RESEND_CREDENTIAL]: _sent, ...rest } = privateState ?? {};
      return { state: stateOf(kind, connection, planned), private: rest };
    },

    async delete(ctx, { state }) {
      const client = await ctx.clients.infisical();
      await client.deleteAppConnection(traits.app, String(common(state).id));
    },

    async import(ctx, { id }) {
      const client = await ctx.clients.infisical();
      const connection = await findForImport(client, id);
      ctx.warn(
        `The credential of ${traits.typeName} "${connection.name}" cannot be imported`,
        `Infisical never returns credentials. Set "${credential.plain}" or "${credential.writeOnly}" in the configuration; the next apply sends it to the connection.`,
      );
      return { state: stateOf(kind, connection, {}), private: { [RESEND_CREDENTIAL]: true } };
    },
  };
}

/** The attributes every kind names alike, read from one of its typed objects. */
function common(object: ByName): { readonly id: unknown; readonly name: string; readonly description: string | null; readonly project_id: string | null; readonly credentials_hash: unknown } {
  return {
    id: object.id,
    name: String(object.name),
    description: text(object.description),
    project_id: text(object.project_id),
    credentials_hash: object.credentials_hash ?? null,
  };
}

function connectionResource<S extends ResourceSpec>(schema: S, kind: ConnectionKind<S["attributes"]>) {
  return defineResource<S, ProviderClients>(schema, { rollbackOnEngineDeath: true, ...connectionHooks(kind) });
}

/** `tokenhooks_infisical_terraform_cloud_connection`: an Infisical connection holding an HCP Terraform API token. */
export const infisicalTerraformCloudConnectionResource = connectionResource(terraformCloudConnectionSchema, {
  traits: terraformCloudConnectionTraits,
  credential: terraformCloudCredential,
  credentialKey: "apiToken",
  refusalHint: (clients) => refusedTokenHint(clients.tfcHost()),
  refusalWarning: (clients) => {
    const host = hostInfisicalRefuses(clients.tfcHost());
    return host === undefined ? undefined : foreignHostWarning(host);
  },
  shape: {
    state: (common, credential) => ({ ...common, api_token: credential.plain, api_token_wo_version: credential.version }),
    planning: (planned, outputs) => ({ ...planned, ...outputs }),
  },
});

/** `tokenhooks_infisical_heroku_connection`: an Infisical connection holding a Heroku auth token. */
export const infisicalHerokuConnectionResource = connectionResource(herokuConnectionSchema, {
  traits: herokuConnectionTraits,
  credential: herokuCredential,
  credentialKey: "authToken",
  refusalHint: () => "Infisical checks Heroku tokens with GET https://api.heroku.com/apps: a revoked or expired token is refused.",
  shape: {
    state: (common, credential) => ({ ...common, auth_token: credential.plain, auth_token_wo_version: credential.version }),
    planning: (planned, outputs) => ({ ...planned, ...outputs }),
  },
});
