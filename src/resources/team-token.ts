import { randomInt } from "node:crypto";
import type { TfcClient } from "../clients/tfc";
import type { AuthenticationToken } from "../clients/tfc";
import { defineResource } from "../custom/define-resource";
import type { ValidationIssue } from "../schema/types";
import { teamId as teamIdShape, tokenId as tokenIdShape } from "../schema/validators";
import { isUnknown, UNKNOWN, type CtyObject } from "../plugin/cty/values";
import type { ResourceContext } from "../plugin/framework/definition";
import type { DescribedTokenJournal, TokenKey } from "./described-token-journal";
import type { ResourceClients } from "./resource-clients";
import { planTokenChange, validateRotationPolicy } from "./rotation";
import { MARKER_LENGTH, MARKER_TAG, teamTokenSchema } from "./schemas/team-token";
import {
  createSingletonToken,
  deleteSingletonToken,
  readSingletonToken,
  singletonPrivate,
  supersededAdvice,
  type SingletonSlot,
} from "./singleton";
import { createdState, expiryInFutureIssues, importedState, knownString, refreshedTimes, requiredId, warnSecretNotImported } from "./token-state";

/**
 * `tokenhooks_team_token`: an HCP Terraform team API token.
 *
 * Two kinds, chosen by `description`:
 * - **described** (multi-token API): a team has any number of these, so replacing one never
 *   touches another; with `create_before_destroy` the new token exists before the old one is
 *   revoked (zero-downtime rotation).
 * - **legacy** (no description): the team's single descriptionless token. Creating one revokes
 *   the existing one, so creation refuses unless `force_regenerate`; see `./singleton`.
 *
 * **Remote description scheme.** Descriptions are unique within a team, but during a
 * create-before-destroy rotation the old and new token coexist. So the description stored in
 * HCP Terraform is `<description> (tokenhooks:<marker>)`, where the marker is 8 random
 * characters from `[a-z0-9]` drawn at each create, and `description` stays what the
 * configuration says. The stored text is exposed as `remote_description`. The suffix
 * ` (tokenhooks:` … `)` is a stable, greppable marker: tokens carrying it were created by this
 * provider (orphans can be found by it), and {@link parseRemoteDescription} recovers the
 * configured description on import. HCP Terraform's description limit is not documented; the
 * whole stored text is kept within {@link REMOTE_DESCRIPTION_MAX_LENGTH} characters, so
 * `description` may have at most {@link DESCRIPTION_MAX_LENGTH}.
 */

const MARKER_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const MARKER_SUFFIX = new RegExp(` \\(${MARKER_TAG}([a-z0-9]{${MARKER_LENGTH}})\\)$`);

/** A fresh marker: 8 characters from `[a-z0-9]`, uniformly drawn from a CSPRNG. */
export function newMarker(): string {
  let marker = "";
  for (let i = 0; i < MARKER_LENGTH; i++) marker += MARKER_ALPHABET[randomInt(MARKER_ALPHABET.length)];
  return marker;
}

/** The description stored in HCP Terraform for a configured description and a marker. */
export function remoteDescription(description: string, marker: string = newMarker()): string {
  return `${description} (${MARKER_TAG}${marker})`;
}

/**
 * Splits a stored description into the configured description and the marker; a description
 * without the suffix (a token not created by this provider) is returned whole.
 */
export function parseRemoteDescription(remote: string): { readonly description: string; readonly marker?: string } {
  const match = MARKER_SUFFIX.exec(remote);
  return match ? { description: remote.slice(0, match.index), marker: match[1] } : { description: remote };
}

const TYPE = teamTokenSchema.typeName;

function legacySlotLabels(teamId: string): Omit<SingletonSlot, "read" | "create" | "delete"> {
  return {
    owner: `team ${teamId}`,
    kind: "legacy team token",
    createRequest: `POST /teams/${teamId}/authentication-token`,
    importId: teamId,
  };
}

function legacySlot(client: TfcClient, teamId: string): SingletonSlot {
  return {
    ...legacySlotLabels(teamId),
    read: () => client.readLegacyTeamToken(teamId),
    create: (expiredAt) => client.createLegacyTeamToken(teamId, expiredAt === undefined ? {} : { expiredAt }),
    delete: () => client.deleteLegacyTeamToken(teamId),
  };
}

/** A stored token is legacy when it has no description; an unknown description is decided at apply. */
function isLegacy(object: { readonly description?: unknown }): boolean {
  return object.description === null || object.description === undefined;
}

/** The journal's key of a described token in state; undefined for the legacy token or while unknown. */
function journalKey(object: CtyObject): TokenKey | undefined {
  const teamId = knownString(object, "team_id");
  const remote = knownString(object, "remote_description");
  return teamId === undefined || remote === undefined ? undefined : { teamId, remoteDescription: remote };
}

/**
 * Creates a described token under a fresh marker, recorded in the journal before each request. A
 * create whose response was lost (the token exists, its secret unknown) is revoked and tried once
 * more under a new marker; a token without its secret is never stored.
 */
async function createDescribedToken(
  client: TfcClient,
  journal: DescribedTokenJournal,
  teamId: string,
  description: string,
  expiredAt: string | undefined,
): Promise<AuthenticationToken> {
  const lost: AuthenticationToken[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const remote = { address: client.baseUrl.href, teamId, description, remoteDescription: remoteDescription(description) };
    await journal.creating(remote);
    const created = await client.createTeamToken(teamId, { description: remote.remoteDescription, ...(expiredAt === undefined ? {} : { expiredAt }) });
    if (!created.secretLost) return created;
    await client.deleteTeamToken(created.id);
    await journal.gone(remote);
    lost.push(created);
  }
  throw new Error(
    `Creating a token for team ${teamId} lost the response carrying its secret twice (${lost[1].lostResponse})\n` +
      `HCP Terraform created ${lost.map((token) => token.id).join(" and ")}, whose secrets nobody received; both were revoked. Nothing was saved; run apply again.`,
  );
}

/**
 * Revokes the tokens of this team and description that an interrupted earlier run created and no
 * state recorded (see `./described-token-journal`), now that their replacement exists. Never
 * fails the create, which has already succeeded: a token that cannot be revoked stays in the
 * journal for the next create and is named in a warning.
 */
async function revokeOrphans(ctx: ResourceContext<ResourceClients>, client: TfcClient, teamId: string, description: string): Promise<void> {
  const { journal } = ctx.clients;
  const orphans = journal.orphans({ address: client.baseUrl.href, teamId, description });
  if (orphans.length === 0) return;
  try {
    const team = await client.readTeam(teamId);
    const live = team === undefined ? [] : await client.listTeamTokensOf(team.organization, teamId);
    for (const orphan of orphans) {
      const token = live.find((candidate) => candidate.description === orphan.remoteDescription);
      if (token) {
        await client.deleteTeamToken(token.id);
        ctx.warn(
          `Revoked ${token.id}, a token an interrupted run left behind`,
          `An earlier run in this directory created ${token.id} for team ${teamId} ("${orphan.remoteDescription}") at ${orphan.at}, ` +
            "but was interrupted before its state was saved, so no state recorded it. Its replacement now exists.",
        );
      }
      await journal.gone(orphan);
    }
  } catch (error) {
    ctx.warn(
      `Could not revoke a token an interrupted run left behind for team ${teamId}`,
      `Tokens described ${orphans.map((orphan) => `"${orphan.remoteDescription}"`).join(", ")} were created by an earlier run in this directory ` +
        `that no state recorded. Revoking failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the next create of this ` +
        "token tries again, or revoke them in HCP Terraform (Team settings → API tokens).",
    );
  }
}

function validate(config: CtyObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (config.force_regenerate === true && config.description !== null && !isUnknown(config.description)) {
    issues.push({
      path: ["force_regenerate"],
      summary: 'Conflicting arguments "force_regenerate" and "description"',
      detail:
        "force_regenerate only applies to the team's single legacy token (no description): a described token never " +
        "overwrites another, so there is nothing to force. Remove force_regenerate, or remove description.",
    });
  }
  return [...issues, ...validateRotationPolicy(config)];
}

/**
 * The `tokenhooks_team_token` resource. See the module documentation for the two kinds and the
 * remote description scheme.
 */
export const teamTokenResource = defineResource<typeof teamTokenSchema, ResourceClients>(teamTokenSchema, {
  rollbackOnEngineDeath: true,
  validate,
  modifyPlan(ctx, request) {
    ctx.clients.checkConfigured("tfc");
    const legacy = isLegacy(request.config);
    if (!legacy) ctx.clients.journal.noteState(request.prior === null ? undefined : journalKey(request.prior));
    if (request.prior === null) {
      const diagnostics = expiryInFutureIssues(request.config, ctx.now());
      return legacy ? { planned: { ...request.planned, remote_description: null }, diagnostics } : { diagnostics };
    }
    const labels = legacySlotLabels(request.prior.team_id);
    return planTokenChange(
      { ...request, prior: request.prior },
      {
        now: ctx.now(),
        recomputedOnReplace: { remote_description: legacy ? null : UNKNOWN },
        supersededAdvice: (supersedingId, config) => supersededAdvice(labels, supersedingId, config.force_regenerate === true),
      },
    );
  },
  async create(ctx, { planned }) {
    const client = await ctx.clients.tfc();
    const teamId = planned.team_id;
    const expiredAt = planned.expired_at ?? undefined;
    const privateState = singletonPrivate();
    if (planned.description === null) {
      const token = await createSingletonToken(ctx, legacySlot(client, teamId), { forceRegenerate: planned.force_regenerate === true, expiredAt, resourceType: TYPE });
      return { state: createdState(ctx, { planned, token, extra: { remote_description: null }, private: privateState }), private: privateState };
    }
    const token = await createDescribedToken(client, ctx.clients.journal, teamId, planned.description, expiredAt);
    await revokeOrphans(ctx, client, teamId, planned.description);
    return { state: createdState(ctx, { planned, token, extra: { remote_description: token.description }, private: privateState }), private: privateState };
  },
  async read(ctx, { state }) {
    const client = await ctx.clients.tfc();
    const id = requiredId(TYPE, state.id);
    if (isLegacy(state)) {
      const found = await readSingletonToken(legacySlot(client, state.team_id), id);
      if (found.state === "gone") return null;
      if (found.state === "superseded") return { state, private: singletonPrivate(found.current.id) };
      return { state: { ...state, ...refreshedTimes(state, found.current) }, private: singletonPrivate() };
    }
    ctx.clients.journal.noteState(journalKey(state));
    const token = await client.readTeamToken(id);
    if (!token) return null;
    return { state: { ...state, ...refreshedTimes(state, token), remote_description: token.description }, private: singletonPrivate() };
  },
  update: (_ctx, { prior, planned }) => ({ state: { ...prior, ...planned } }),
  async delete(ctx, { state }) {
    const client = await ctx.clients.tfc();
    const id = requiredId(TYPE, state.id);
    if (isLegacy(state)) {
      await deleteSingletonToken(ctx, legacySlot(client, state.team_id), id);
      return;
    }
    await client.deleteTeamToken(id);
    const key = journalKey(state);
    if (key) await ctx.clients.journal.gone(key);
  },
  async import(ctx, { id }) {
    const client = await ctx.clients.tfc();
    if (tokenIdShape(id) === undefined) {
      const token = await client.readTeamToken(id);
      if (!token) throw new Error(`Cannot import ${TYPE} ${id}: no such token\nHCP Terraform answered 404: the token does not exist, or the configured token may not see it.`);
      if (!token.teamId) throw new Error(`Cannot import ${TYPE} ${id}: it is not a team token\nToken ${id} belongs to no team; an organization or audit-trails token is imported by organization name into its own resource type.`);
      warnSecretNotImported(ctx, token.id);
      const description = token.description === null ? null : parseRemoteDescription(token.description).description;
      return { state: importedState(token, { team_id: token.teamId, description, remote_description: token.description }), private: singletonPrivate() };
    }
    if (teamIdShape(id) === undefined) {
      const token = await client.readLegacyTeamToken(id);
      if (!token) throw new Error(`Cannot import ${TYPE} ${id}: team ${id} has no legacy token\nImport a described token by its at-… id instead.`);
      warnSecretNotImported(ctx, token.id);
      return { state: importedState(token, { team_id: id, description: null, remote_description: null }), private: singletonPrivate() };
    }
    throw new Error(`Cannot import ${TYPE} ${JSON.stringify(id)}: expected a token id (at-…) or, for the legacy token, a team id (team-…)`);
  },
});
