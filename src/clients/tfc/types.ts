import type { Secret } from "../../http/secret";

/** A JSON:API resource reference. */
export interface ResourceRef {
  type: string;
  id: string;
}

/**
 * A team, organization or audit-trails token (`type: "authentication-tokens"`).
 *
 * `token` holds the secret as a {@link Secret} (call `reveal()` to get the string); it prints
 * as `[sensitive]` in logs, JSON and `util.inspect`. HCP Terraform returns the secret only in
 * the create response, so it is null everywhere else.
 */
export interface AuthenticationToken {
  /** `at-…` */
  id: string;
  /** Null for legacy team tokens, organization and audit-trails tokens. */
  description: string | null;
  token: Secret | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiredAt: string | null;
  /** The owning team, for team tokens. */
  teamId?: string;
  /** Who created it: `users`, `teams` or `organizations`. */
  createdBy?: ResourceRef;
  /**
   * Set when a create failed ambiguously but the token turned out to exist: it is ours, but its
   * secret was lost with the response. The caller should revoke it and create a new one.
   */
  secretLost?: boolean;
  /** With `secretLost`: the create whose response was lost, as errors name requests. */
  lostResponse?: string;
}

/** Token expiry filter values of the team-token list. */
export type ExpiryStatus = "active" | "expiring_in_7_days" | "expiring_in_30_days" | "expired" | "no_expiration";

/** Filters of the organization's team-token list. */
export interface TeamTokenFilters {
  /** Search by team name. */
  q?: string;
  /** `team-name`, `created-by`, `expired-at` or `last-used-at`; prefix `-` for descending. */
  sort?: string;
  /** Sent as `filter[expiry_status]`, several values joined with commas (OR). */
  expiryStatus?: ExpiryStatus | ExpiryStatus[];
}

/** One page request of the team-token list. */
export interface ListTeamTokensOptions extends TeamTokenFilters {
  pageNumber?: number;
  /** At most 100; the API defaults to 20. */
  pageSize?: number;
}

/** JSON:API `meta.pagination`. */
export interface Pagination {
  currentPage: number;
  prevPage: number | null;
  nextPage: number | null;
  totalPages: number | null;
  totalCount: number | null;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/** `organization` is the ordinary organization token; `audit-trails` the audit-trails token. */
export type OrganizationTokenKind = "organization" | "audit-trails";

/** A team, as far as token management needs it. */
export interface Team {
  id: string;
  name: string;
  /** Organization name. */
  organization: string;
}

/** An organization, as far as token management needs it. */
export interface Organization {
  /** The name, which is also its JSON:API id. */
  name: string;
  /** `org-…` */
  externalId: string | null;
  email: string | null;
}

/** The (possibly synthetic service) user behind the token in use. */
export interface AccountDetails {
  id: string;
  username: string | null;
  isServiceAccount: boolean;
  /** For team and organization tokens: the team or organization the token belongs to. */
  authenticatedResource?: ResourceRef;
}

/** Metadata from `GET /api/v2/ping`. */
export interface PingInfo {
  /** `TFP-API-Version` */
  apiVersion?: string;
  /** `X-RateLimit-Limit`, requests per second. */
  rateLimitLimit?: number;
  /** `TFP-AppName`: "HCP Terraform" or "Terraform Enterprise". */
  appName?: string;
}
