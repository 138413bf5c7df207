import { join } from "node:path";
import { startEmulator, type Emulator, type HistoryEvent, type Inventory } from "../../src/emulator";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../../src/provider/address";
import { describeEachEngine } from "../support/engines";
import { TfWorkdir } from "../support/tf-workdir";

/**
 * The chain the package exists for: a described team token rotated with create_before_destroy,
 * feeding an Infisical terraform-cloud connection. The emulator's history proves that the
 * connection held a valid credential at every moment, and its inventory that nothing is orphaned.
 */

const PLUGIN = join(__dirname, "../../dist/terraform-provider-tokenhooks.js");
const STEP_TIMEOUT = 180_000;
const TOKEN = "tokenhooks_team_token.ci";
const CONNECTION = "tokenhooks_infisical_terraform_cloud_connection.ci";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ httpsPort: false });
});
afterAll(() => emulator?.close());

function tfJson(rotateAfter: string): unknown {
  return {
    terraform: { required_providers: { tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
    provider: { tokenhooks: {} },
    resource: {
      tokenhooks_team_token: {
        ci: { team_id: emulator.seeded.nonOwnerTeamId, description: "ci", rotate_after: rotateAfter, lifecycle: { create_before_destroy: true } },
      },
      tokenhooks_infisical_terraform_cloud_connection: {
        ci: { name: "tfc-ci", description: "CI token for Infisical syncs", api_token: "${tokenhooks_team_token.ci.token}" },
      },
    },
  };
}

/**
 * Replays the history and returns every event after which an existing connection held a
 * credential that was not a live token (with what it held); empty when it never did.
 */
function momentsWithoutValidCredential(events: readonly HistoryEvent[]): { seq: number; credential: unknown }[] {
  const live = new Set<string>();
  const connections = new Map<string, string | null>();
  const gaps: { seq: number; credential: unknown }[] = [];
  for (const event of events) {
    if (event.resource === "app-connection") {
      if (event.action === "delete") connections.delete(event.id);
      else connections.set(event.id, (event.details.credentialsRef as string | null) ?? null);
    } else if (event.action === "create") {
      live.add(event.id);
    } else if (event.action === "revoke") {
      live.delete(event.id);
    }
    for (const credential of connections.values()) {
      if (credential === null || !live.has(credential)) gaps.push({ seq: event.seq, credential });
    }
  }
  return gaps;
}

/** The inventory without creation times, which differ between otherwise equal snapshots. */
function objects(inventory: Inventory) {
  return {
    teamTokens: inventory.teamTokens.map((t) => t.id).sort(),
    organizationTokens: inventory.organizationTokens.map((t) => t.id).sort(),
    userTokens: inventory.userTokens.map((t) => t.id).sort(),
    appConnections: inventory.appConnections.map((c) => c.id).sort(),
  };
}

describeEachEngine("team token → Infisical connection chain", (engine) => {
  let work: TfWorkdir;
  let baseline: ReturnType<typeof objects>;
  const env = () => {
    const { clientId, clientSecret } = emulator.seeded.infisical;
    return {
      TFE_ADDRESS: emulator.tfcAddress,
      TFE_TOKEN: emulator.seeded.ownerUserToken,
      INFISICAL_HOST: emulator.infisicalHost,
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: clientId,
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: clientSecret,
    };
  };
  const run = (args: string[], expectExit: number[] = [0]) => work.run(engine.path, [...args, "-no-color"], { env: env(), expectExit, timeoutMs: STEP_TIMEOUT });
  const apply = () => run(["apply", "-input=false", "-auto-approve"]);
  const plan = (exit: number) => run(["plan", "-input=false", "-detailed-exitcode"], [exit]);

  async function shown(address: string): Promise<Record<string, unknown>> {
    const { stdout } = await run(["show", "-json"]);
    const resources = (JSON.parse(stdout).values?.root_module?.resources ?? []) as { address: string; values: Record<string, unknown> }[];
    const resource = resources.find((r) => r.address === address);
    if (!resource) throw new Error(`${address} not in state`);
    return resource.values;
  }

  function connectionCredential(): string | null {
    const [connection] = emulator.inventory().appConnections;
    expect(connection.credentialsRef.valid).toBe(true);
    return connection.credentialsRef.tokenId;
  }

  beforeAll(async () => {
    emulator.reset();
    baseline = objects(emulator.inventory());
    work = TfWorkdir.create(`chain-e2e-${engine.name}`);
    work.installPlugin(PLUGIN, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
    work.writeConfig(tfJson("720h"));
    await run(["init", "-input=false"]);
  }, STEP_TIMEOUT);
  afterAll(() => work?.dispose());

  test("apply creates the token and a connection holding it; a second plan is empty", async () => {
    await apply();
    const token = await shown(TOKEN);
    expect(connectionCredential()).toBe(token.id);
    await plan(0);
  });

  test("a due rotation creates the new token, re-points the connection, then revokes the old token", async () => {
    const oldTokenId = String((await shown(TOKEN)).id);
    const connectionId = String((await shown(CONNECTION)).id);
    const historyStart = emulator.history().length;
    // The token is older than one second by now, so the rotation policy finds it due at the next plan.
    work.writeConfig(tfJson("1s"));
    const planned = await plan(2);
    expect(planned.stdout).toContain("rotate_after (1s) has elapsed");
    expect(planned.stdout).toContain(`${TOKEN} must be replaced`);
    expect(planned.stdout).toContain(`${CONNECTION} will be updated in-place`);
    expect(planned.stdout).toContain("1 to add, 1 to change, 1 to destroy");
    await apply();

    const newTokenId = String((await shown(TOKEN)).id);
    expect(newTokenId).not.toBe(oldTokenId);
    expect(String((await shown(CONNECTION)).id)).toBe(connectionId);
    expect(connectionCredential()).toBe(newTokenId);
    const steps = emulator
      .history()
      .slice(historyStart)
      .map((event) => `${event.action} ${event.resource} ${event.id === newTokenId ? "new" : event.id === oldTokenId ? "old" : event.id === connectionId ? "connection" : event.id}`);
    expect(steps).toEqual(["create team-token new", "update app-connection connection", "revoke team-token old"]);
    expect(momentsWithoutValidCredential(emulator.history())).toEqual([]);

    // Back to a long rotation period: a policy change is applied in place, without a new token.
    work.writeConfig(tfJson("720h"));
    await apply();
    expect(String((await shown(TOKEN)).id)).toBe(newTokenId);
    await plan(0);
    expect(objects(emulator.inventory())).toEqual({ ...baseline, teamTokens: [...baseline.teamTokens, newTokenId].sort(), appConnections: [connectionId] });
  });

  test("destroy leaves the emulator as it was seeded, never without a valid credential on the way", async () => {
    await run(["destroy", "-input=false", "-auto-approve"]);
    expect(objects(emulator.inventory())).toEqual(baseline);
    expect(momentsWithoutValidCredential(emulator.history())).toEqual([]);
  });
});
