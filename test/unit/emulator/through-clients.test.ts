import { readFileSync } from "node:fs";
import { Agent } from "undici";
import { InfisicalClient } from "../../../src/clients/infisical";
import { TfcClient } from "../../../src/clients/tfc";
import { ApiError } from "../../../src/http/errors";
import { useEmulator } from "./support";

const emulator = useEmulator({ httpsPort: 0 });

const tfcClient = (token = emulator().seeded.ownerUserToken) => TfcClient.create({ address: emulator().tfcAddress, token, now: () => emulator().clock.now() });

const infisicalClient = (timeoutMs?: number) =>
  new InfisicalClient({
    host: emulator().infisicalHost,
    auth: { universalAuth: { clientId: emulator().seeded.infisical.clientId, clientSecret: emulator().seeded.infisical.clientSecret } },
    now: () => emulator().clock.now(),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

describe("the project's API clients against the emulator", () => {
  test("TfcClient: described and legacy team tokens, organization tokens, account details and ping", async () => {
    const { seeded } = emulator();
    const client = await tfcClient();
    const described = await client.createTeamToken(seeded.nonOwnerTeamId, { description: "via-client" });
    expect(described.token?.reveal()).toMatch(/\.atlasv1\./);
    expect((await client.readTeamToken(described.id))?.description).toBe("via-client");
    expect(await client.deleteTeamToken(described.id)).toBe(true);
    expect(await client.readTeamToken(described.id)).toBeUndefined();

    const developers = seeded.otherTeams.find((team) => team.name === "developers")!.id;
    const legacy = await client.createLegacyTeamToken(developers);
    expect((await client.readLegacyTeamToken(developers))?.id).toBe(legacy.id);
    const organizationToken = await client.createOrganizationToken(seeded.organization);
    const asOrganization = await tfcClient(organizationToken.token!.reveal());
    expect((await asOrganization.accountDetails()).authenticatedResource).toEqual({ type: "organizations", id: seeded.organization });
    expect(await client.ping()).toMatchObject({ apiVersion: "2.6", appName: "HCP Terraform", rateLimitLimit: 30 });
    // A non-owner team token is told "not found" for organization tokens, as on the real service.
    expect(await (await tfcClient(seeded.nonOwnerTeamToken)).readOrganizationToken(seeded.organization)).toBeUndefined();
  });

  test("TfcClient finds the API through service discovery over HTTPS", async () => {
    const trusting = new Agent({ connect: { ca: readFileSync(emulator().caCertPath!, "utf8") } });
    try {
      const client = await TfcClient.create({ hostname: emulator().tfcHostname!, token: emulator().seeded.ownerUserToken, dispatcher: trusting });
      expect(client.baseUrl.href).toBe(`${emulator().httpsUrl}/api/v2/`);
      expect((await client.accountDetails()).username).toBe("emulated-owner");
    } finally {
      await trusting.close();
    }
  });

  test("a rate-limited burst recovers without error through the client", async () => {
    emulator().setRateLimit(5);
    const client = await tfcClient();
    const results = await Promise.all(Array.from({ length: 15 }, () => client.accountDetails()));
    expect(results.every((account) => account.username === "emulated-owner")).toBe(true);
    expect(emulator().requestLog().some((entry) => entry.status === 429)).toBe(true);
  });

  test("InfisicalClient: create, read, rotate and delete a connection; a revoked token is refused without leaking it", async () => {
    const { seeded } = emulator();
    const client = infisicalClient();
    const created = await client.createAppConnection("terraform-cloud", {
      name: "via-client",
      method: "api-token",
      credentials: { apiToken: seeded.nonOwnerTeamToken },
    });
    expect((await client.getAppConnectionByName("terraform-cloud", "via-client"))?.id).toBe(created.id);

    const tfc = await tfcClient();
    const next = await tfc.createTeamToken(seeded.nonOwnerTeamId, { description: "next" });
    const updated = await client.updateAppConnection("terraform-cloud", created.id, { credentials: { apiToken: next.token! } });
    expect(updated.credentialsHash).not.toBe(created.credentialsHash);
    await tfc.deleteTeamToken(next.id);

    const refused = client.updateAppConnection("terraform-cloud", created.id, { credentials: { apiToken: next.token! } });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    const error = (await refused.catch((failure: unknown) => failure)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.message).toContain("Failed to validate credentials: Request failed with status code 401");
    expect(error.message).not.toContain(next.token!.reveal());

    expect((await client.deleteAppConnection("terraform-cloud", created.id))?.id).toBe(created.id);
    expect(await client.getAppConnection("terraform-cloud", created.id)).toBeUndefined();
  });

  test("InfisicalClient logs in again once the emulator clock has expired its access token", async () => {
    const client = infisicalClient();
    expect(await client.listAppConnections("heroku")).toEqual([]);
    emulator().clock.advance(3 * 60 * 60 * 1000);
    expect(await client.listAppConnections("heroku")).toEqual([]);
    const logins = emulator()
      .requestLog()
      .filter((entry) => entry.path === "/api/v1/auth/universal-auth/login" || entry.path === "/api/v1/auth/token/renew");
    expect(logins.length).toBeGreaterThanOrEqual(2);
  });

  test("InfisicalClient logs in again, once, when its access token is revoked or used up (401)", async () => {
    const client = infisicalClient();
    expect(await client.listAppConnections("heroku")).toEqual([]);
    emulator().infisical.revokeAccessTokens();
    expect(await client.listAppConnections("heroku")).toEqual([]);
    emulator().infisical.setAccessTokenUsesLimit(1);
    const limited = infisicalClient();
    expect(await limited.listAppConnections("heroku")).toEqual([]);
    expect(await limited.listAppConnections("heroku")).toEqual([]);
    const logins = emulator().requestLog().filter((entry) => entry.path === "/api/v1/auth/universal-auth/login");
    expect(logins).toHaveLength(4);
    expect(emulator().requestLog().filter((entry) => entry.status === 401)).toHaveLength(2);
  });

  test("a create slower than the client's timeout ends with the client's own connection, not 'name already taken'", async () => {
    // The first create's upstream check outlasts the 1 s timeout; the lookup then finds nothing, and
    // the second create's check ends after the first create has taken the name.
    const validation = "/api/v2/organizations";
    emulator().faults.add({ path: validation, fault: { kind: "hang", ms: 1500 } });
    emulator().faults.add({ path: validation, fault: { kind: "hang", ms: 800 } });
    const created = await infisicalClient(1000).createAppConnection("terraform-cloud", {
      name: "slow-create",
      method: "api-token",
      credentials: { apiToken: emulator().seeded.nonOwnerTeamToken },
    });
    expect(emulator().inventory().appConnections.map((connection) => connection.id)).toEqual([created.id]);
    const creates = emulator().requestLog().filter((entry) => entry.method === "POST" && entry.path === "/api/v1/app-connections/terraform-cloud");
    expect(creates.map((entry) => entry.status)).toEqual([200, 400]);
  });

  test("an existing connection of the same name is never taken for the client's own after an ambiguous create", async () => {
    const client = infisicalClient();
    const existing = await client.createAppConnection("terraform-cloud", { name: "taken", method: "api-token", credentials: { apiToken: emulator().seeded.nonOwnerTeamToken } });
    emulator().clock.advance(60_000);
    emulator().faults.add({ method: "POST", path: "/api/v1/app-connections/terraform-cloud", fault: { kind: "status", status: 503 } });
    const failure = await client
      .createAppConnection("terraform-cloud", { name: "taken", method: "api-token", credentials: { apiToken: emulator().seeded.nonOwnerTeamToken } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).detail).toBe('An App Connection with the name "taken" already exists');
    expect(emulator().inventory().appConnections.map((connection) => connection.id)).toEqual([existing.id]);
  });
});
