import { isUnknown } from "../../../../src/plugin/cty/values";
import type { HookResult } from "../../../../src/plugin/framework/definition";
import { SingletonTokenExistsError, supersedingTokenId } from "../../../../src/resources/singleton";
import { teamTokenResource as resource } from "../../../../src/resources/team-token";
import { DAY, HOUR, TokenHarness, inFuture } from "./harness";

let harness: TokenHarness;
let developersTeam: string;
let platformTeam: string;

beforeAll(async () => {
  harness = await TokenHarness.start();
  developersTeam = harness.emulator.seeded.otherTeams.find((team) => team.name === "developers")!.id;
  platformTeam = harness.emulator.seeded.nonOwnerTeamId;
});
afterAll(() => harness.close());
beforeEach(() => harness.reset());

const MARKED = /^ci deploys \(tokenhooks:[a-z0-9]{8}\)$/;

describe("described team token", () => {
  it("creates a token with its secret under a marked remote description, warning about the default expiry", async () => {
    const { state } = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    expect(state.id).toMatch(/^at-/);
    expect(state.token).toMatch(/\.atlasv1\./);
    expect(state.description).toBe("ci deploys");
    expect(state.remote_description).toMatch(MARKED);
    const remote = harness.emulator.inventory().teamTokens.find((token) => token.id === state.id);
    expect(remote).toMatchObject({ teamId: developersTeam, description: state.remote_description, legacy: false, expiredAt: state.expired_at });
    expect(harness.takeWarnings()).toEqual([expect.objectContaining({ summary: expect.stringMatching(/default expiry/), path: ["expired_at"] })]);
  });

  it("keeps a configured expired_at text that names the instant the API stores", async () => {
    const local = new Date(harness.emulator.clock.now() + 10 * DAY);
    local.setUTCMilliseconds(0);
    const expiredAt = local.toISOString().replace(".000Z", "+00:00");
    const { state } = await harness.create(resource, { team_id: developersTeam, description: "ci deploys", expired_at: expiredAt });
    expect(state.expired_at).toBe(expiredAt);
    expect(harness.takeWarnings()).toEqual([]);
  });

  it("reads back unchanged, and a re-plan changes nothing", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    const read = await harness.read(resource, created);
    expect(read?.state).toEqual(created.state);
    const { planned, replace, diagnostics } = await harness.plan(resource, {
      prior: read!.state,
      config: harness.config(resource, { team_id: developersTeam, description: "ci deploys" }),
      priorPrivate: read!.private,
    });
    expect(planned).toEqual(created.state);
    expect(replace).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it("lets old and new tokens with the same description coexist (create before destroy)", async () => {
    const first = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    const second = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    expect(second.state.remote_description).not.toBe(first.state.remote_description);
    expect(harness.teamTokenIds(developersTeam).sort()).toEqual([first.state.id, second.state.id].sort());
    await resource.delete(harness.context(), { state: first.state, private: first.private });
    expect(harness.teamTokenIds(developersTeam)).toEqual([second.state.id]);
  });

  it("plans a replacement when the description changes", async () => {
    const { state } = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    const { replace } = await harness.plan(resource, { prior: state, config: harness.config(resource, { team_id: developersTeam, description: "nightly" }) });
    expect(replace).toEqual(["description"]);
  });

  it("is removed from state when deleted out of band, and deleting again succeeds", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    await harness.client.deleteTeamToken(created.state.id as string);
    expect(await harness.read(resource, created)).toBeNull();
    await expect(resource.delete(harness.context(), { state: created.state, private: created.private })).resolves.toBeUndefined();
  });

  it("imports by token id without the secret, recovering the configured description", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    harness.takeWarnings();
    const imported = await harness.import(resource, created.state.id as string);
    expect(imported?.state).toEqual({ ...created.state, token: null, force_regenerate: null, rotate_after: null, renew_before: null });
    expect(harness.takeWarnings()).toEqual([expect.objectContaining({ summary: "The token's secret cannot be imported", path: ["token"] })]);
  });

  it("revokes a token whose create response was lost and creates another, storing only a token with its secret", async () => {
    harness.emulator.faults.add({ method: "POST", path: /\/authentication-tokens$/, fault: { kind: "drop-response" } });
    const { state } = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    expect(state.token).toMatch(/\.atlasv1\./);
    expect(harness.teamTokenIds(developersTeam)).toEqual([state.id]);
    const revoked = harness.emulator.history().filter((event) => event.action === "revoke" && event.resource === "team-token");
    expect(revoked).toHaveLength(1);
    expect(revoked[0].id).not.toBe(state.id);
  });

  it("fails clearly, leaving nothing behind, when the secret is lost twice", async () => {
    harness.emulator.faults.add({ method: "POST", path: /\/authentication-tokens$/, fault: { kind: "drop-response" }, times: 2 });
    await expect(harness.create(resource, { team_id: developersTeam, description: "ci deploys" })).rejects.toThrow(
      /lost the response carrying its secret twice \(TFC POST \/api\/v2\/teams\/team-[^/]+\/authentication-tokens\)\n.*both were revoked/,
    );
    expect(harness.teamTokenIds(developersTeam)).toEqual([]);
  });
});

describe("described tokens of a run whose state was lost", () => {
  const ci = () => ({ team_id: developersTeam, description: "ci deploys", expired_at: inFuture(harness, 30 * DAY) });
  const config = () => harness.config(resource, ci());
  /** The plan walk of the next command: it reads what the state holds and plans the rest. */
  async function planWalk(inState: HookResult[], creates: number): Promise<void> {
    await harness.nextProcess();
    for (const held of inState) await harness.read(resource, held);
    for (let i = 0; i < creates; i++) await harness.plan(resource, { prior: null, config: config() });
    await harness.nextProcess("plan");
  }
  const revocations = () => harness.emulator.history().filter((event) => event.action === "revoke" && event.resource === "team-token").map((event) => event.id);

  it("revokes a created token no state recorded at the next create of that token, once its replacement exists", async () => {
    const lost = await harness.create(resource, ci());
    await planWalk([], 1);
    harness.takeWarnings();
    const again = await harness.create(resource, ci());
    expect(harness.teamTokenIds(developersTeam)).toEqual([again.state.id]);
    expect(revocations()).toEqual([lost.state.id]);
    expect(harness.takeWarnings()).toEqual([
      expect.objectContaining({ summary: `Revoked ${lost.state.id}, a token an interrupted run left behind`, detail: expect.stringContaining("no state recorded it") }),
    ]);
    // Forgotten once revoked: the create after the next plan revokes nothing.
    await planWalk([again], 0);
    await harness.create(resource, ci());
    expect(revocations()).toEqual([lost.state.id]);
  });

  it("after a lost rotation (old token revoked, its successor unrecorded) the next create revokes the successor", async () => {
    const first = await harness.create(resource, ci());
    await planWalk([first], 0);
    const successor = await harness.create(resource, ci());
    await resource.delete(harness.context(), { state: first.state, private: first.private });
    await harness.nextProcess("apply");
    // The state still says `first`: the read finds it gone, and the plan creates the token anew.
    await harness.nextProcess();
    expect(await harness.read(resource, first)).toBeNull();
    await harness.plan(resource, { prior: null, config: config() });
    await harness.nextProcess("plan");
    const third = await harness.create(resource, ci());
    expect(harness.teamTokenIds(developersTeam)).toEqual([third.state.id]);
    expect(revocations()).toEqual([first.state.id, successor.state.id]);
  });

  it("never revokes a token the plan found in state: a rotation's old token, or another resource's token with the same description", async () => {
    const old = await harness.create(resource, ci());
    const other = await harness.create(resource, ci());
    await planWalk([old, other], 1);
    const replacement = await harness.create(resource, ci());
    expect(harness.teamTokenIds(developersTeam).sort()).toEqual([old.state.id, other.state.id, replacement.state.id].sort());
    expect(revocations()).toEqual([]);
  });

  it("revokes nothing without a plan since the create (a saved plan applied elsewhere), nor what its own process created", async () => {
    const earlier = await harness.create(resource, ci());
    await harness.nextProcess("apply");
    const first = await harness.create(resource, ci());
    const second = await harness.create(resource, ci());
    expect(harness.teamTokenIds(developersTeam).sort()).toEqual([earlier.state.id, first.state.id, second.state.id].sort());
  });

  it("still succeeds when the revocation fails, naming the token, and tries again at the next create", async () => {
    const lost = await harness.create(resource, ci());
    await planWalk([], 1);
    harness.takeWarnings();
    harness.emulator.faults.add({ method: "DELETE", path: /\/authentication-tokens\//, fault: { kind: "status", status: 403 }, times: 1 });
    const replacement = await harness.create(resource, ci());
    expect(harness.teamTokenIds(developersTeam).sort()).toEqual([lost.state.id, replacement.state.id].sort());
    expect(harness.takeWarnings()).toEqual([
      expect.objectContaining({
        summary: `Could not revoke a token an interrupted run left behind for team ${developersTeam}`,
        detail: expect.stringContaining(`"${lost.state.remote_description}"`),
      }),
    ]);
    await harness.create(resource, ci());
    expect(revocations()).toEqual([lost.state.id]);
  });
});

describe("legacy team token", () => {
  it("creates the team's token when it has none", async () => {
    const { state } = await harness.create(resource, { team_id: developersTeam });
    expect(state).toMatchObject({ team_id: developersTeam, description: null, remote_description: null });
    expect(harness.emulator.inventory().teamTokens).toContainEqual(expect.objectContaining({ id: state.id, legacy: true }));
  });

  it("refuses to overwrite an existing token, saying what exists and how to proceed", async () => {
    const seededId = harness.emulator.seeded.nonOwnerTeamTokenId;
    const attempt = harness.create(resource, { team_id: platformTeam });
    await expect(attempt).rejects.toBeInstanceOf(SingletonTokenExistsError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`The team ${platformTeam} already has a legacy team token (${seededId})`);
    expect(message).toContain(`POST /teams/${platformTeam}/authentication-token, which silently revokes that token`);
    expect(message).toContain("force_regenerate = true");
    expect(message).toContain(`terraform import <address> ${platformTeam}`);
    expect(harness.teamTokenIds(platformTeam)).toEqual([seededId]);
  });

  it("regenerates an existing token with force_regenerate, warning which one it revoked", async () => {
    const seededId = harness.emulator.seeded.nonOwnerTeamTokenId;
    const { state } = await harness.create(resource, { team_id: platformTeam, force_regenerate: true });
    expect(harness.teamTokenIds(platformTeam)).toEqual([state.id]);
    expect(harness.takeWarnings()).toContainEqual(expect.objectContaining({ detail: expect.stringContaining(`previous token ${seededId} was revoked`) }));
  });

  it("detects a regeneration outside Terraform and plans a replacement that says what it takes", async () => {
    const created = await harness.create(resource, { team_id: developersTeam });
    const outside = await harness.client.createLegacyTeamToken(developersTeam);
    const read = await harness.read(resource, created);
    expect(read?.state).toEqual(created.state);
    expect(supersedingTokenId(read?.private)).toBe(outside.id);

    const config = harness.config(resource, { team_id: developersTeam });
    const { planned, replace, diagnostics } = await harness.plan(resource, { prior: read!.state, config, priorPrivate: read!.private });
    expect(replace).toEqual(["id"]);
    expect(isUnknown(planned.token)).toBe(true);
    expect(planned.remote_description).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "warning",
        summary: `Token ${created.state.id} was regenerated outside Terraform; the secret in state no longer works`,
        detail: expect.stringContaining("Applying fails unless force_regenerate = true"),
      }),
    ]);
  });

  it("never revokes a token it did not create", async () => {
    const created = await harness.create(resource, { team_id: developersTeam });
    const outside = await harness.client.createLegacyTeamToken(developersTeam);
    harness.takeWarnings();
    await resource.delete(harness.context(), { state: created.state, private: created.private });
    expect(harness.teamTokenIds(developersTeam)).toEqual([outside.id]);
    expect(harness.takeWarnings()).toEqual([expect.objectContaining({ summary: expect.stringMatching(/Left the legacy team token/) })]);
  });

  it("deletes its own token and is removed from state once gone", async () => {
    const created = await harness.create(resource, { team_id: developersTeam });
    await resource.delete(harness.context(), { state: created.state, private: created.private });
    expect(harness.teamTokenIds(developersTeam)).toEqual([]);
    expect(await harness.read(resource, created)).toBeNull();
  });

  it("imports by team id and by token id", async () => {
    const seededId = harness.emulator.seeded.nonOwnerTeamTokenId;
    const byTeam = await harness.import(resource, platformTeam);
    const byToken = await harness.import(resource, seededId);
    expect(byTeam?.state).toMatchObject({ id: seededId, team_id: platformTeam, description: null, remote_description: null, token: null });
    expect(byToken?.state).toEqual(byTeam?.state);
  });

  it("rejects import ids that are neither, and teams without a token", async () => {
    await expect(resource.import!(harness.context(), { id: "acme" })).rejects.toThrow(/expected a token id \(at-…\) or, for the legacy token, a team id/);
    await expect(resource.import!(harness.context(), { id: developersTeam })).rejects.toThrow(`team ${developersTeam} has no legacy token`);
    await expect(resource.import!(harness.context(), { id: "at-0000000000000000" })).rejects.toThrow(/no such token/);
  });

  it("changes the rotation policy in place without touching the token", async () => {
    const created = await harness.create(resource, { team_id: developersTeam });
    const config = harness.config(resource, { team_id: developersTeam, rotate_after: "720h", force_regenerate: true });
    const { planned, replace } = await harness.plan(resource, { prior: created.state, config, priorPrivate: created.private });
    expect(replace).toEqual([]);
    const before = harness.emulator.requestLog().length;
    const updated = await resource.update!(harness.context(), { prior: created.state, planned, config, private: created.private });
    expect(updated.state).toEqual({ ...created.state, rotate_after: "720h", force_regenerate: true });
    expect(harness.emulator.requestLog()).toHaveLength(before);
  });
});

describe("rotation planning", () => {
  const config = (values: Record<string, string>) => harness.config(resource, { team_id: developersTeam, description: "ci deploys", ...values });

  it("replaces once created_at + rotate_after has passed", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys", rotate_after: "720h" });
    const createdAt = Date.parse(created.state.created_at as string);
    harness.now = new Date(createdAt + 720 * HOUR - 1000);
    expect((await harness.plan(resource, { prior: created.state, config: config({ rotate_after: "720h" }) })).replace).toEqual([]);
    harness.now = new Date(createdAt + 720 * HOUR);
    const due = await harness.plan(resource, { prior: created.state, config: config({ rotate_after: "720h" }) });
    expect(due.replace).toEqual(["id"]);
    expect(isUnknown(due.planned.remote_description)).toBe(true);
    expect(due.diagnostics).toEqual([expect.objectContaining({ summary: expect.stringMatching(/rotate_after \(720h\) has elapsed/) })]);
  });

  it("replaces once expired_at - renew_before has passed", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys" });
    const expiresAt = Date.parse(created.state.expired_at as string);
    harness.now = new Date(expiresAt - 30 * DAY);
    const due = await harness.plan(resource, { prior: created.state, config: config({ renew_before: "30d" }) });
    expect(due.replace).toEqual(["id"]);
    expect(due.diagnostics[0].summary).toMatch(/within renew_before \(30d\)/);
  });

  it("replaces a token that has expired, which the API still lists", async () => {
    const created = await harness.create(resource, { team_id: developersTeam, description: "ci deploys", expired_at: inFuture(harness, HOUR) });
    harness.emulator.clock.advance(2 * HOUR);
    harness.now = new Date(harness.emulator.clock.now());
    const read = await harness.read(resource, created);
    const due = await harness.plan(resource, { prior: read!.state, config: config({}) });
    expect(due.replace).toEqual(["id"]);
    expect(due.diagnostics[0].summary).toMatch(/it expired at/);
  });
});
