import { join } from "node:path";
import { installTfeProviderMirror, type TfeProvider } from "../scripts/tfe-provider.mjs";
import { PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_SOURCE, PROVIDER_TYPE, PROVIDER_VERSION } from "../src/provider/address";
import { platform, type TfWorkdir } from "../test/support/tf-workdir";
import type { ProcessMatch } from "./memory";
import { startBenchWarmServer } from "./warm-server";

/** One of the two providers under comparison, as a Terraform configuration sees it. */
export interface BenchProvider {
  /** Column heading. */
  readonly label: string;
  /** The executable Terraform starts. */
  readonly executable: string;
  /** What the executable is called in the mirror (without `_v<version>`): its processes' command lines hold it. */
  readonly pluginFileName: string;
  /** Its team-token resource type. */
  readonly teamTokenType: string;
  /** Sets up what the provider needs while one measurement runs; called before the engine's `init`. */
  startSession(): Promise<ProviderSession>;
  /** Installs the executable into the working directory's implied local mirror. */
  install(work: TfWorkdir): void;
  /** `main.tf.json` with `count` described (multi-token API) tokens of team `teamId`. */
  teamTokensConfig(teamId: string, count: number): unknown;
}

/** What a provider needs while one measurement runs: for ours, a warm server of its own. */
export interface ProviderSession {
  /** Variables for the engine, hence for every plugin launch. */
  readonly env: Readonly<Record<string, string>>;
  /** Processes besides the launched plugins whose memory counts: our warm server. */
  readonly processes: readonly ProcessMatch[];
  /** Launches that hung after the engine was done with them, ended by the bench (ours: see startBenchWarmServer). */
  hungLaunches(): number;
  /** A line for the progress log after a phase, e.g. how many launches the warm server served. */
  progress(): string | undefined;
  close(): Promise<void>;
}

/** Ours: the bundled TypeScript plugin, every launch served by a warm server started for the measurement. */
export function tokenhooksProvider(pluginBundle: string): BenchProvider {
  return {
    label: "tokenhooks (ours)",
    executable: pluginBundle,
    pluginFileName: `terraform-provider-${PROVIDER_TYPE}`,
    teamTokenType: "tokenhooks_team_token",
    startSession: async () => {
      const server = await startBenchWarmServer(pluginBundle);
      return {
        env: server.env,
        processes: [server.process],
        hungLaunches: server.hungLaunches,
        progress: () => `launches served warm so far: ${server.servedLaunches()}, hung: ${server.hungLaunches()}`,
        close: server.stop,
      };
    },
    install: (work) => {
      work.installPlugin(pluginBundle, { hostname: PROVIDER_HOSTNAME, namespace: PROVIDER_NAMESPACE, type: PROVIDER_TYPE, version: PROVIDER_VERSION });
    },
    teamTokensConfig: (teamId, count) => ({
      terraform: { required_providers: { tokenhooks: { source: PROVIDER_SOURCE, version: PROVIDER_VERSION } } },
      provider: { tokenhooks: {} },
      resource: { tokenhooks_team_token: { bench: { count, team_id: teamId, description: "bench ${count.index}" } } },
    }),
  };
}

/** HashiCorp's terraform-provider-tfe, as built by scripts/tfe-provider.mjs. */
export function hashicorpTfeProvider(tfe: TfeProvider): BenchProvider {
  return {
    label: `terraform-provider-tfe ${tfe.version}`,
    executable: tfe.path,
    pluginFileName: "terraform-provider-tfe",
    teamTokenType: "tfe_team_token",
    startSession: async () => ({ env: {}, processes: [], hungLaunches: () => 0, progress: () => undefined, close: async () => undefined }),
    install: (work) => {
      installTfeProviderMirror(tfe, join(work.dir, "terraform.d", "plugins"), platform());
    },
    teamTokensConfig: (teamId, count) => ({
      terraform: { required_providers: { tfe: { source: "hashicorp/tfe", version: tfe.version } } },
      provider: { tfe: {} },
      resource: { tfe_team_token: { bench: { count, team_id: teamId, description: "bench ${count.index}" } } },
    }),
  };
}
