import type { AppName } from "./infisical/model";
import { timestamp } from "./tfc/jsonapi";
import { isExpired, type ApiToken } from "./tfc/model";
import type { CredentialsRef, Inventory } from "./types";
import type { World } from "./world";

/** Live (unrevoked, unexpired) credentials and existing connections, with no secrets. */
export function takeInventory(world: World, now: number): Inventory {
  const live = world.tfc.liveTokens().filter((token) => !isExpired(token, now));
  return {
    teamTokens: live
      .filter((token) => token.kind === "team")
      .map((token) => ({
        id: token.id,
        teamId: token.teamId ?? "",
        description: token.description,
        legacy: token.legacy,
        ...times(token),
      })),
    organizationTokens: live.flatMap((token) =>
      token.kind === "organization" || token.kind === "audit-trails"
        ? [{ organization: token.organization ?? "", kind: token.kind, id: token.id, ...times(token) }]
        : [],
    ),
    userTokens: live
      .filter((token) => token.kind === "user")
      .map((token) => ({
        id: token.id,
        userId: token.userId ?? "",
        description: token.description,
        ...times(token),
      })),
    agentTokens: live
      .filter((token) => token.kind === "agent")
      .map((token) => ({
        id: token.id,
        agentPoolId: token.agentPoolId ?? "",
        organization: token.organization ?? "",
        description: token.description,
        createdAt: new Date(token.createdAt).toISOString(),
      })),
    appConnections: world.infisical.connections().map((connection) => ({
      id: connection.id,
      app: connection.app,
      name: connection.name,
      projectId: connection.projectId,
      credentialsRef: credentialsRef(world, connection.app, connection.credentialTokenId, now),
    })),
  };
}

function times(token: ApiToken): { expiredAt: string | null; createdAt: string } {
  return { expiredAt: timestamp(token.expiredAt), createdAt: new Date(token.createdAt).toISOString() };
}

function credentialsRef(world: World, app: AppName, tokenId: string | null, now: number): CredentialsRef {
  if (app === "heroku") return { service: "heroku", tokenId, valid: tokenId !== null && world.heroku.hasToken(tokenId) };
  const token = tokenId === null ? undefined : world.tfc.liveToken(tokenId);
  return { service: "tfc", tokenId, valid: token !== undefined && !isExpired(token, now) };
}
