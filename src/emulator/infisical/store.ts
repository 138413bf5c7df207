import { CapacityError } from "../capacity";
import type { History } from "../control/history";
import { digestSecret, type SeededRandom } from "../random";
import { APP_DETAILS, type AccessTokenRecord, type AppConnection, type AppName, type MachineIdentity, type Project } from "./model";

/** App connections kept at once. */
export const MAX_CONNECTIONS = 1000;
/** Access-token records kept; the oldest are forgotten first (their JWTs then stop working). */
export const MAX_ACCESS_TOKENS = 1000;

/** What a new connection is. */
export interface NewConnection {
  app: AppName;
  name: string;
  description: string | null;
  projectId: string | null;
  credentialTokenId: string | null;
}

/** The emulated Infisical organization: identities, access tokens, projects and app connections. */
export class InfisicalStore {
  readonly organizationId: string;
  readonly #random: SeededRandom;
  readonly #now: () => number;
  readonly #history: History;
  readonly #identities = new Map<string, MachineIdentity>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  readonly #projects = new Map<string, Project>();
  readonly #connections = new Map<string, AppConnection>();

  constructor(deps: { random: SeededRandom; now: () => number; history: History }) {
    this.#random = deps.random;
    this.#now = deps.now;
    this.#history = deps.history;
    this.organizationId = deps.random.uuid();
  }

  /** Creates a machine identity and returns its client secret. */
  addIdentity(name: string): { identity: MachineIdentity; clientSecret: string } {
    const clientSecret = this.#random.hex(32);
    const identity: MachineIdentity = {
      id: this.#random.uuid(),
      name,
      clientId: this.#random.uuid(),
      clientSecretId: this.#random.uuid(),
      clientSecretDigest: digestSecret(clientSecret),
      accessTokenNumUsesLimit: 0,
    };
    this.#identities.set(identity.id, identity);
    return { identity, clientSecret };
  }

  identityByClientId(clientId: string): MachineIdentity | undefined {
    return [...this.#identities.values()].find((identity) => identity.clientId === clientId);
  }

  /** Sets every identity's use limit for access tokens issued from now on (0: unlimited), as Infisical copies it at login. */
  setAccessTokenNumUsesLimit(uses: number): void {
    if (!Number.isInteger(uses) || uses < 0) throw new RangeError(`the access-token use limit must be a non-negative integer, got ${uses}`);
    for (const identity of this.#identities.values()) identity.accessTokenNumUsesLimit = uses;
  }

  addProject(name: string, slug: string): Project {
    const project: Project = { id: this.#random.uuid(), name, slug, type: "secret-manager" };
    this.#projects.set(project.id, project);
    return project;
  }

  project(id: string): Project | undefined {
    return this.#projects.get(id);
  }

  issueAccessToken(identity: MachineIdentity): AccessTokenRecord {
    if (this.#accessTokens.size >= MAX_ACCESS_TOKENS) {
      const oldest = this.#accessTokens.keys().next().value;
      if (oldest !== undefined) this.#accessTokens.delete(oldest);
    }
    const record: AccessTokenRecord = {
      id: this.#random.uuid(),
      identityId: identity.id,
      createdAt: this.#now(),
      lastRenewedAt: null,
      revoked: false,
      numUses: 0,
      numUsesLimit: identity.accessTokenNumUsesLimit,
    };
    this.#accessTokens.set(record.id, record);
    return record;
  }

  /** A known, unrevoked access-token record (it may still be past its TTL or use limit). */
  unrevokedAccessToken(id: string): AccessTokenRecord | undefined {
    const record = this.#accessTokens.get(id);
    return record && !record.revoked ? record : undefined;
  }

  /** Forgets a token, as Infisical deletes one found past its TTL or use limit. */
  deleteAccessToken(id: string): void {
    this.#accessTokens.delete(id);
  }

  /** Revokes every access token issued so far, as an administrator revoking the identity's tokens would. */
  revokeAccessTokens(): void {
    for (const record of this.#accessTokens.values()) record.revoked = true;
  }

  connection(id: string): AppConnection | undefined {
    return this.#connections.get(id);
  }

  connections(): AppConnection[] {
    return [...this.#connections.values()];
  }

  /** A connection with this name in the same scope (organization level, or one project), any app. */
  connectionNamed(name: string, projectId: string | null): AppConnection | undefined {
    return this.connections().find((connection) => connection.name === name && connection.projectId === projectId);
  }

  createConnection(input: NewConnection): AppConnection {
    if (this.#connections.size >= MAX_CONNECTIONS) throw new CapacityError("app connections", MAX_CONNECTIONS);
    const now = this.#now();
    const connection: AppConnection = {
      ...input,
      id: this.#random.uuid(),
      method: APP_DETAILS[input.app].method,
      orgId: this.organizationId,
      createdAt: now,
      updatedAt: now,
      credentialsHash: this.#freshCredentialsHash(),
    };
    this.#connections.set(connection.id, connection);
    this.#history.record("create", "app-connection", connection.id, connectionDetails(connection));
    return connection;
  }

  /** Applies changes; a new credential (even the same one) is re-"encrypted", so the hash changes. */
  updateConnection(
    connection: AppConnection,
    changes: { name?: string; description?: string | null; credential?: { tokenId: string | null } },
  ): void {
    if (changes.name !== undefined) connection.name = changes.name;
    if (changes.description !== undefined) connection.description = changes.description;
    if (changes.credential) {
      connection.credentialTokenId = changes.credential.tokenId;
      connection.credentialsHash = this.#freshCredentialsHash();
    }
    connection.updatedAt = this.#now();
    this.#history.record("update", "app-connection", connection.id, {
      ...connectionDetails(connection),
      credentialsChanged: changes.credential !== undefined,
    });
  }

  deleteConnection(connection: AppConnection): void {
    this.#connections.delete(connection.id);
    this.#history.record("delete", "app-connection", connection.id, connectionDetails(connection));
  }

  #freshCredentialsHash(): string {
    return digestSecret(this.#random.hex(32));
  }
}

function connectionDetails(connection: AppConnection): Record<string, string | null> {
  return { app: connection.app, name: connection.name, projectId: connection.projectId, credentialsRef: connection.credentialTokenId };
}
