import { History } from "./control/history";
import { HerokuStore } from "./heroku/store";
import { InfisicalStore } from "./infisical/store";
import { SeededRandom } from "./random";
import { TfcStore } from "./tfc/store";
import type { SeededFixtures } from "./types";

/** All emulated state, rebuilt from the seed on reset. */
export interface World {
  random: SeededRandom;
  history: History;
  tfc: TfcStore;
  infisical: InfisicalStore;
  heroku: HerokuStore;
  /** Signs Infisical access-token JWTs. */
  jwtKey: Buffer;
  seeded: SeededFixtures;
}

const ORGANIZATION = "token-hooks-emulated";
const BUSINESS_FEATURE_SET_ID = "fs-business";

/**
 * Builds the seeded world: one HCP Terraform organization on the Business plan with an owner user
 * (and user token), the owners team and two other teams, the `platform` team's legacy token; an Infisical machine
 * identity and project; a Heroku token; a site administrator (and user token). The same seed yields the same ids and secrets.
 */
export function createWorld(seed: string, now: () => number): World {
  const random = new SeededRandom(seed);
  const history = new History(now);
  const tfc = new TfcStore({ random, now, history });
  const infisical = new InfisicalStore({ random, now, history });
  const heroku = new HerokuStore({ random, now });
  const jwtKey = random.bytes(32);

  // On a plan with audit logging, so that its audit-trail token can exist.
  const organization = tfc.addOrganization(ORGANIZATION, "owners@token-hooks.emulator.invalid", BUSINESS_FEATURE_SET_ID);
  const owner = tfc.addUser("emulated-owner", "owner@token-hooks.emulator.invalid");
  const ownersTeam = tfc.team(organization.ownersTeamId);
  if (!ownersTeam) throw new Error("owners team missing right after creating the organization");
  tfc.addTeamMember(ownersTeam, owner);
  const ownerToken = tfc.issueToken({
    kind: "user",
    organization: null,
    teamId: null,
    agentPoolId: null,
    userId: owner.id,
    description: "emulated owner token",
    legacy: false,
    expiredAt: null,
    createdBy: { type: "users", id: owner.id },
  });
  const platform = tfc.addTeam(ORGANIZATION, {
    name: "platform",
    visibility: "organization",
    ssoTeamId: null,
    allowMemberTokenManagement: true,
    organizationAccess: {},
  });
  const developers = tfc.addTeam(ORGANIZATION, {
    name: "developers",
    visibility: "secret",
    ssoTeamId: null,
    allowMemberTokenManagement: false,
    organizationAccess: {},
  });
  const platformToken = tfc.issueToken({
    kind: "team",
    organization: ORGANIZATION,
    teamId: platform.id,
    agentPoolId: null,
    userId: null,
    description: null,
    legacy: true,
    expiredAt: null,
    createdBy: { type: "users", id: owner.id },
  });

  const { identity, clientSecret } = infisical.addIdentity("token-hooks-emulated");
  const project = infisical.addProject("Token Hooks", "token-hooks");
  const herokuToken = heroku.issueToken();
  // Last, so that adding it kept every other seeded id and secret of a given seed.
  const admin = tfc.addUser("emulated-site-admin", "admin@token-hooks.emulator.invalid", true);
  const adminToken = tfc.issueToken({
    kind: "user",
    organization: null,
    teamId: null,
    agentPoolId: null,
    userId: admin.id,
    description: "emulated site admin token",
    legacy: false,
    expiredAt: null,
    createdBy: { type: "users", id: admin.id },
  });

  return {
    random,
    history,
    tfc,
    infisical,
    heroku,
    jwtKey,
    seeded: {
      organization: ORGANIZATION,
      ownersTeamId: organization.ownersTeamId,
      otherTeams: [platform, developers].map((team) => ({ name: team.name, id: team.id })),
      ownerUserId: owner.id,
      ownerUserToken: ownerToken.secret,
      adminToken: adminToken.secret,
      nonOwnerTeamId: platform.id,
      nonOwnerTeamToken: platformToken.secret,
      nonOwnerTeamTokenId: platformToken.token.id,
      infisical: {
        organizationId: infisical.organizationId,
        identityId: identity.id,
        clientId: identity.clientId,
        clientSecret,
        projectId: project.id,
      },
      herokuAuthToken: herokuToken.secret,
    },
  };
}
