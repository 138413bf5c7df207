import { createResolvingAmbiguity } from "../../http/ambiguous-create";
import { apiPath } from "../../http/api-path";
import { definedFields } from "../../http/defined-fields";
import { unlessNotFound } from "../../http/errors";
import { HttpCore, transportOptions, type HttpClientOptions, type RequestOptions } from "../../http/http-core";
import { Secret } from "../../http/secret";
import { parseSecureUrl } from "../../http/url-policy";
import { StaticAccessToken, UniversalAuthSession, type AccessTokenSource } from "./access-token";
import { isAccessTokenRejected, isConnectionNameTaken } from "./errors";
import { parseAppConnectionDocument, parseAppConnectionList } from "./responses";
import type {
  AppConnection,
  AppConnectionApp,
  AppConnectionCredentials,
  CreateAppConnectionInput,
  InfisicalAuth,
  UpdateAppConnectionInput,
} from "./types";

/** Infisical Cloud (US). */
export const DEFAULT_INFISICAL_HOST = "https://app.infisical.com";

/** Options of {@link InfisicalClient}. */
export interface InfisicalClientOptions extends HttpClientOptions {
  /** Base URL of the instance, e.g. `https://eu.infisical.com`. Default `https://app.infisical.com`. */
  host?: string;
  auth: InfisicalAuth;
}

function revealAll(credentials: AppConnectionCredentials): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, Secret.from(value).reveal()]));
}

/**
 * How far Infisical's clock may run behind ours when telling a connection this create made from
 * one that existed before: a connection created up to this long before the create started is
 * taken as its own. With more skew than this, the create fails as "name already taken" (with the
 * import command), never adopting a connection that was there before.
 */
export const CREATED_AT_CLOCK_SKEW_MS = 5_000;

/**
 * Client of Infisical's app-connection API for `terraform-cloud` and `heroku` connections.
 * Gets and deletes answer `undefined` when the API says 404.
 */
export class InfisicalClient {
  private readonly core: HttpCore;
  private readonly auth: AccessTokenSource;
  private readonly now: () => number;

  constructor(options: InfisicalClientOptions) {
    this.core = new HttpCore({
      ...transportOptions(options),
      service: "infisical",
      baseUrl: parseSecureUrl(options.host ?? DEFAULT_INFISICAL_HOST),
      headers: { accept: "application/json" },
      contentType: "application/json",
      sensitiveValues: () => this.auth.sensitiveValues(),
    });
    this.now = options.now ?? Date.now;
    const { auth } = options;
    this.auth =
      "accessToken" in auth
        ? new StaticAccessToken(Secret.from(auth.accessToken))
        : new UniversalAuthSession(
            this.core,
            auth.universalAuth.clientId,
            Secret.from(auth.universalAuth.clientSecret),
            this.now
          );
  }

  /**
   * `POST /api/v1/app-connections/:app`. An ambiguous failure (timeout, 5xx, broken connection)
   * is settled by looking the connection up by name in the same scope: one created since this
   * call started (its `createdAt`, allowing {@link CREATED_AT_CLOCK_SKEW_MS}) is this call's and
   * is returned. Otherwise the create is sent once more; if that one finds the name taken by a
   * connection this call made (the first create finished late, as a slow upstream validation
   * makes it), that connection is returned too. A name already in use before this call surfaces
   * as a 400 {@link ApiError}.
   */
  async createAppConnection(app: AppConnectionApp, input: CreateAppConnectionInput): Promise<AppConnection> {
    const credentials = revealAll(input.credentials);
    const request: RequestOptions = {
      method: "POST",
      path: apiPath`/api/v1/app-connections/${app}`,
      body: definedFields({
        name: input.name,
        description: input.description,
        projectId: input.projectId,
        method: input.method,
        credentials,
      }),
      sensitiveValues: Object.values(credentials),
    };
    const startedAt = this.now();
    const findOwn = async () => {
      const found = await this.getAppConnectionByName(app, input.name, input.projectId);
      return found && Date.parse(found.createdAt) >= startedAt - CREATED_AT_CLOCK_SKEW_MS ? found : undefined;
    };
    let sent = 0;
    const create = async () => {
      sent++;
      try {
        return await this.call(request, parseAppConnectionDocument);
      } catch (error) {
        if (sent === 1 || !isConnectionNameTaken(error)) throw error;
        const own = await findOwn();
        if (own) return own;
        throw error;
      }
    };
    return createResolvingAmbiguity({ create, findCreated: findOwn, lookup: "looking the connection up by name" });
  }

  /** `GET /api/v1/app-connections/:app/:id`; undefined when not found. */
  async getAppConnection(app: AppConnectionApp, id: string): Promise<AppConnection | undefined> {
    const request: RequestOptions = { method: "GET", path: apiPath`/api/v1/app-connections/${app}/${id}` };
    return unlessNotFound(this.call(request, parseAppConnectionDocument), undefined);
  }

  /**
   * `GET /api/v1/app-connections/:app/connection-name/:name[?projectId=]`; undefined when not
   * found. Without `projectId` only organization-level connections match.
   */
  async getAppConnectionByName(
    app: AppConnectionApp,
    name: string,
    projectId?: string
  ): Promise<AppConnection | undefined> {
    const request: RequestOptions = {
      method: "GET",
      path: apiPath`/api/v1/app-connections/${app}/connection-name/${name}`,
      query: { projectId },
    };
    return unlessNotFound(this.call(request, parseAppConnectionDocument), undefined);
  }

  /** `GET /api/v1/app-connections/:app[?projectId=]`: the organization's, or the project's, connections. */
  async listAppConnections(app: AppConnectionApp, projectId?: string): Promise<AppConnection[]> {
    const request: RequestOptions = {
      method: "GET",
      path: apiPath`/api/v1/app-connections/${app}`,
      query: { projectId },
    };
    return this.call(request, parseAppConnectionList);
  }

  /** `PATCH /api/v1/app-connections/:app/:id`. Never retried except after a 429. */
  async updateAppConnection(
    app: AppConnectionApp,
    id: string,
    input: UpdateAppConnectionInput
  ): Promise<AppConnection> {
    const credentials = input.credentials && revealAll(input.credentials);
    const request: RequestOptions = {
      method: "PATCH",
      path: apiPath`/api/v1/app-connections/${app}/${id}`,
      body: definedFields({ name: input.name, description: input.description, credentials }),
      sensitiveValues: credentials ? Object.values(credentials) : [],
    };
    return this.call(request, parseAppConnectionDocument);
  }

  /** `DELETE /api/v1/app-connections/:app/:id`: the deleted connection, or undefined when it was already gone. */
  async deleteAppConnection(app: AppConnectionApp, id: string): Promise<AppConnection | undefined> {
    const request: RequestOptions = { method: "DELETE", path: apiPath`/api/v1/app-connections/${app}/${id}` };
    return unlessNotFound(this.call(request, parseAppConnectionDocument), undefined);
  }

  /**
   * Sends with the current access token. When Infisical rejects the token itself (403
   * `TokenError` or 401 `UnauthorizedError`, see {@link isAccessTokenRejected}) and a fresh one
   * can be obtained, the request is sent once more; the server did not act on the rejected one.
   */
  private async call<T>(request: RequestOptions, parse: (body: unknown) => T): Promise<T> {
    const token = await this.auth.accessToken();
    try {
      return await this.core.requestParsed(authorized(request, token), parse);
    } catch (error) {
      if (!isAccessTokenRejected(error) || !this.auth.reauthenticate(token)) throw error;
    }
    return this.core.requestParsed(authorized(request, await this.auth.accessToken()), parse);
  }
}

function authorized(request: RequestOptions, token: Secret): RequestOptions {
  return { ...request, headers: { authorization: `Bearer ${token.reveal()}` } };
}
