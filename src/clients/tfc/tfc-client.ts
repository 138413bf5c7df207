import { createResolvingAmbiguity } from "../../http/ambiguous-create";
import { apiPath } from "../../http/api-path";
import { definedFields } from "../../http/defined-fields";
import { describeTarget, RequestError, unlessNotFound, type RequestTarget } from "../../http/errors";
import { headerValue } from "../../http/headers";
import { HttpCore, transportOptions, type HttpClientOptions, type RequestOptions } from "../../http/http-core";
import { sharedPacer } from "../../http/pacer-registry";
import { Secret } from "../../http/secret";
import { resolveTfcBaseUrl, type TfcLocation } from "./discovery";
import {
  parseAccountDocument,
  parseOptionalTokenDocument,
  parseOrganizationDocument,
  parseTeamDocument,
  parseTokenDocument,
  parseTokenPage,
} from "./json-api";
import type {
  AccountDetails,
  AuthenticationToken,
  ListTeamTokensOptions,
  Organization,
  OrganizationTokenKind,
  Page,
  PingInfo,
  Team,
  TeamTokenFilters,
} from "./types";

const JSON_API = "application/vnd.api+json";

/** The API's maximum page size, to walk lists in as few requests as possible. */
const MAX_PAGE_SIZE = 100;

/** Upper bound for walking a list: 1000 pages of 100 tokens. */
const MAX_PAGES = 1_000;

/** Options of {@link TfcClient.create}. */
export interface TfcClientOptions extends HttpClientOptions, TfcLocation {
  /** A user, team or organization API token. */
  token: string | Secret;
}

/** Options of a token create. */
export interface CreateTokenOptions {
  /** RFC 3339; omitted means the API default (currently two years). */
  expiredAt?: string;
}

/** Options of a described team token create. */
export interface CreateTeamTokenOptions extends CreateTokenOptions {
  /** Unique within the team. */
  description: string;
}

/** Which organization-level token. */
export interface OrganizationTokenOptions {
  /** Default `organization`. */
  kind?: OrganizationTokenKind;
}

/** Walking a list went past {@link MAX_PAGES}; the result would be incomplete. */
export class PaginationLimitError extends RequestError {
  override readonly name = "PaginationLimitError";

  constructor(target: RequestTarget) {
    super(target, `the list has more than ${MAX_PAGES} pages; refusing to walk it further`);
  }
}

function tokenBody(attributes: Record<string, string | undefined>): unknown {
  return { data: { type: "authentication-tokens", attributes: definedFields(attributes) } };
}

function withSecretLost(token: AuthenticationToken, create: RequestTarget): AuthenticationToken {
  return { ...token, token: null, secretLost: true, lostResponse: describeTarget(create) };
}

/**
 * Client of the HCP Terraform / Terraform Enterprise API (JSON:API) for team, organization and
 * audit-trails tokens. Reads answer `undefined` and deletes answer `false` when the API says
 * 404, which on HCP Terraform also means "forbidden for this token".
 */
export class TfcClient {
  private readonly core: HttpCore;
  private readonly token: Secret;
  private readonly now: () => number;

  private constructor(baseUrl: URL, options: TfcClientOptions) {
    this.token = Secret.from(options.token);
    this.now = options.now ?? Date.now;
    this.core = new HttpCore({
      ...transportOptions(options),
      service: "tfc",
      baseUrl,
      headers: { accept: JSON_API },
      contentType: JSON_API,
      sensitiveValues: () => [this.token.reveal()],
      // HCP Terraform limits each user or token to 30 requests per second: stay under it rather than draw 429s.
      pacer: sharedPacer(baseUrl.origin, this.token),
    });
  }

  /**
   * Resolves the API address (`address`, or service discovery on `hostname`, default
   * `app.terraform.io`) and returns a client for it.
   */
  static async create(options: TfcClientOptions): Promise<TfcClient> {
    const baseUrl = await resolveTfcBaseUrl(options, transportOptions(options));
    return new TfcClient(baseUrl, options);
  }

  /** The resolved API base URL, e.g. `https://app.terraform.io/api/v2/`. */
  get baseUrl(): URL {
    return new URL(this.core.baseUrl.href);
  }

  /** `POST /teams/:team_id/authentication-token`: creates or regenerates (revoking the old one) the team's legacy token. */
  async createLegacyTeamToken(teamId: string, options: CreateTokenOptions = {}): Promise<AuthenticationToken> {
    const path = apiPath`/teams/${teamId}/authentication-token`;
    return this.createSingletonToken(path, {}, tokenBody({ "expired-at": options.expiredAt }));
  }

  /** `GET /teams/:team_id/authentication-token`; undefined when the team has none. */
  async readLegacyTeamToken(teamId: string): Promise<AuthenticationToken | undefined> {
    return this.readOptionalToken({ method: "GET", path: apiPath`/teams/${teamId}/authentication-token` });
  }

  /** `DELETE /teams/:team_id/authentication-token`; false when it was already gone. */
  async deleteLegacyTeamToken(teamId: string): Promise<boolean> {
    return this.delete({ method: "DELETE", path: apiPath`/teams/${teamId}/authentication-token` });
  }

  /**
   * `POST /teams/:team_id/authentication-tokens`: creates a described team token. An ambiguous
   * failure is settled by looking the token up by description: found means it was created,
   * and it is returned with `token: null` and `secretLost: true`.
   */
  async createTeamToken(teamId: string, options: CreateTeamTokenOptions): Promise<AuthenticationToken> {
    const request: RequestOptions = {
      method: "POST",
      path: apiPath`/teams/${teamId}/authentication-tokens`,
      body: tokenBody({ description: options.description, "expired-at": options.expiredAt }),
    };
    return createResolvingAmbiguity({
      create: () => this.call(request, parseTokenDocument),
      findCreated: async () => {
        const team = await this.readTeam(teamId);
        if (team === undefined) return undefined;
        const found = await this.findTeamTokenByDescription(team.organization, teamId, options.description);
        return found && withSecretLost(found, this.core.target(request));
      },
      lookup: "looking the token up by team and description",
    });
  }

  /** `GET /authentication-tokens/:id`; undefined when not found. */
  async readTeamToken(tokenId: string): Promise<AuthenticationToken | undefined> {
    return this.readOptionalToken({ method: "GET", path: apiPath`/authentication-tokens/${tokenId}` });
  }

  /** `DELETE /authentication-tokens/:id`; false when it was already gone. */
  async deleteTeamToken(tokenId: string): Promise<boolean> {
    return this.delete({ method: "DELETE", path: apiPath`/authentication-tokens/${tokenId}` });
  }

  /** `GET /organizations/:org/team-tokens`: one page of the organization's team tokens. */
  async listTeamTokens(organization: string, options: ListTeamTokensOptions = {}): Promise<Page<AuthenticationToken>> {
    const { expiryStatus } = options;
    return this.call(
      {
        method: "GET",
        path: apiPath`/organizations/${organization}/team-tokens`,
        query: {
          "page[number]": options.pageNumber,
          "page[size]": options.pageSize,
          q: options.q,
          sort: options.sort,
          "filter[expiry_status]": Array.isArray(expiryStatus) ? expiryStatus.join(",") : expiryStatus,
        },
      },
      parseTokenPage
    );
  }

  /** Every team token of the organization matching the filters, walking all pages. */
  async listAllTeamTokens(organization: string, filters: TeamTokenFilters = {}): Promise<AuthenticationToken[]> {
    const tokens: AuthenticationToken[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; ) {
      const page = await this.listTeamTokens(organization, { ...filters, pageNumber, pageSize: MAX_PAGE_SIZE });
      tokens.push(...page.items);
      const next = page.pagination.nextPage;
      if (next === null || next <= pageNumber) return tokens;
      pageNumber = next;
    }
    const path = apiPath`/organizations/${organization}/team-tokens`;
    throw new PaginationLimitError(this.core.target({ method: "GET", path }));
  }

  /** Every token of one team of the organization (the API lists team tokens per organization only). */
  async listTeamTokensOf(organization: string, teamId: string): Promise<AuthenticationToken[]> {
    const tokens = await this.listAllTeamTokens(organization);
    return tokens.filter((token) => token.teamId === teamId);
  }

  /** The team's token with this description, or undefined. */
  async findTeamTokenByDescription(
    organization: string,
    teamId: string,
    description: string
  ): Promise<AuthenticationToken | undefined> {
    const tokens = await this.listTeamTokensOf(organization, teamId);
    return tokens.find((token) => token.description === description);
  }

  /**
   * `POST /organizations/:org/authentication-token[?token=audit-trails]`: creates or
   * regenerates (revoking the old one) the organization or audit-trails token.
   */
  async createOrganizationToken(
    organization: string,
    options: CreateTokenOptions & OrganizationTokenOptions = {}
  ): Promise<AuthenticationToken> {
    const path = apiPath`/organizations/${organization}/authentication-token`;
    return this.createSingletonToken(path, kindQuery(options), tokenBody({ "expired-at": options.expiredAt }));
  }

  /** `GET /organizations/:org/authentication-token[?token=audit-trails]`; undefined when none exists. */
  async readOrganizationToken(
    organization: string,
    options: OrganizationTokenOptions = {}
  ): Promise<AuthenticationToken | undefined> {
    const path = apiPath`/organizations/${organization}/authentication-token`;
    return this.readOptionalToken({ method: "GET", path, query: kindQuery(options) });
  }

  /** `DELETE /organizations/:org/authentication-token[?token=audit-trails]`; false when it was already gone. */
  async deleteOrganizationToken(organization: string, options: OrganizationTokenOptions = {}): Promise<boolean> {
    const path = apiPath`/organizations/${organization}/authentication-token`;
    return this.delete({ method: "DELETE", path, query: kindQuery(options) });
  }

  /** `GET /teams/:id`; undefined when not found (or not visible to this token). */
  async readTeam(teamId: string): Promise<Team | undefined> {
    return unlessNotFound(this.call({ method: "GET", path: apiPath`/teams/${teamId}` }, parseTeamDocument), undefined);
  }

  /** `GET /organizations/:name`; undefined when not found (or not visible to this token). */
  async readOrganization(name: string): Promise<Organization | undefined> {
    const pending = this.call({ method: "GET", path: apiPath`/organizations/${name}` }, parseOrganizationDocument);
    return unlessNotFound(pending, undefined);
  }

  /** `GET /account/details`: who the token is; fails with 401 for an invalid token. */
  async accountDetails(): Promise<AccountDetails> {
    return this.call({ method: "GET", path: "/account/details" }, parseAccountDocument);
  }

  /** `GET /ping`: API version and rate limit. Does not prove the token is valid. */
  async ping(): Promise<PingInfo> {
    const { headers } = await this.core.request(this.authorized({ method: "GET", path: "/ping" }));
    const limit = Number(headerValue(headers, "x-ratelimit-limit"));
    const info: PingInfo = {};
    const apiVersion = headerValue(headers, "tfp-api-version");
    if (apiVersion !== undefined) info.apiVersion = apiVersion;
    if (Number.isFinite(limit) && limit > 0) info.rateLimitLimit = limit;
    const appName = headerValue(headers, "tfp-appname");
    if (appName !== undefined) info.appName = appName;
    return info;
  }

  /**
   * A singleton create (legacy team token, organization token) silently replaces the existing
   * token, so a retry is harmless and an ambiguous failure is settled by reading the current
   * token: one created after this call started is ours, its secret lost. Clock skew between
   * us and the server only swaps which harmless outcome happens: a replacement we mistake for
   * an older token is regenerated once more, and an older one we mistake for ours is revoked
   * and recreated by the caller.
   */
  private async createSingletonToken(
    path: string,
    query: RequestOptions["query"],
    body: unknown
  ): Promise<AuthenticationToken> {
    const startedAt = this.now();
    const request: RequestOptions = { method: "POST", path, query, body };
    return createResolvingAmbiguity({
      create: () => this.call(request, parseTokenDocument),
      findCreated: async () => {
        const current = await this.readOptionalToken({ method: "GET", path, query });
        return current && Date.parse(current.createdAt) >= startedAt ? withSecretLost(current, this.core.target(request)) : undefined;
      },
      lookup: "reading the current token",
    });
  }

  private async readOptionalToken(request: RequestOptions): Promise<AuthenticationToken | undefined> {
    return unlessNotFound(this.call(request, parseOptionalTokenDocument), undefined);
  }

  private async delete(request: RequestOptions): Promise<boolean> {
    return unlessNotFound(
      this.core.request(this.authorized(request)).then(() => true),
      false
    );
  }

  private async call<T>(request: RequestOptions, parse: (body: unknown) => T): Promise<T> {
    return this.core.requestParsed(this.authorized(request), parse);
  }

  private authorized(request: RequestOptions): RequestOptions {
    return { ...request, headers: { authorization: `Bearer ${this.token.reveal()}` } };
  }
}

function kindQuery(options: OrganizationTokenOptions): RequestOptions["query"] {
  return options.kind === "audit-trails" ? { token: "audit-trails" } : undefined;
}
