/** JSON:API documents as HCP Terraform returns them, for the TFC client tests. */

export const TFC_ORIGIN = "https://tfc.example.test";
export const API = `${TFC_ORIGIN}/api/v2`;
export const TEAM_ID = "team-AbCdEfGh12345678";
export const ORG = "my-org";

export interface TokenFixture {
  id?: string;
  description?: string | null;
  token?: string | null;
  createdAt?: string;
  expiredAt?: string | null;
  teamId?: string;
}

/** One `authentication-tokens` resource. */
export function tokenResource(fixture: TokenFixture = {}): Record<string, unknown> {
  const relationships: Record<string, unknown> = {
    "created-by": { data: { id: "user-62goNpx1ThQf689e", type: "users" } },
  };
  if (fixture.teamId !== undefined) relationships.team = { data: { id: fixture.teamId, type: "teams" } };
  return {
    id: fixture.id ?? "at-TokenId000000001",
    type: "authentication-tokens",
    attributes: {
      "created-at": fixture.createdAt ?? "2030-01-01T00:00:00.000Z",
      "last-used-at": null,
      description: fixture.description ?? null,
      token: fixture.token ?? null,
      "expired-at": fixture.expiredAt ?? null,
    },
    relationships,
  };
}

/** `{data: token}`. */
export function tokenDocument(fixture: TokenFixture = {}): Record<string, unknown> {
  return { data: tokenResource(fixture) };
}

/** One page of the org's team-token list. */
export function tokenPage(
  fixtures: TokenFixture[],
  page: { current: number; next: number | null; totalPages: number }
): Record<string, unknown> {
  return {
    data: fixtures.map(tokenResource),
    meta: {
      pagination: {
        "current-page": page.current,
        "prev-page": page.current > 1 ? page.current - 1 : null,
        "next-page": page.next,
        "total-pages": page.totalPages,
        "total-count": fixtures.length,
      },
    },
  };
}

/** `GET /teams/:id`. */
export function teamDocument(teamId: string, organization: string): Record<string, unknown> {
  return {
    data: {
      id: teamId,
      type: "teams",
      attributes: { name: "owners", visibility: "secret", "allow-member-token-management": true },
      relationships: { organization: { data: { id: organization, type: "organizations" } } },
    },
  };
}
