import { startEmulator, type Emulator } from "../emulator";
import type { EmulatorCommandOptions } from "./args";

/** What the command prints: where the emulator is and how to point tools at it. */
export interface EmulatorSummary {
  url: string;
  httpsUrl: string | null;
  tfcHostname: string | null;
  herokuUrl: string;
  caCertPath: string | null;
  /** Environment for go-tfe/terraform-provider-tfe, Infisical clients and TLS trust; the credentials are fake. */
  env: Record<string, string>;
  seeded: Emulator["seeded"];
}

/** The summary of a running emulator. */
export function summarize(emulator: Emulator): EmulatorSummary {
  const env: Record<string, string> = {
    TFE_ADDRESS: emulator.tfcAddress,
    TFE_TOKEN: emulator.seeded.ownerUserToken,
    INFISICAL_HOST: emulator.infisicalHost,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: emulator.seeded.infisical.clientId,
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: emulator.seeded.infisical.clientSecret,
  };
  if (emulator.caCertPath !== null) {
    env.NODE_EXTRA_CA_CERTS = emulator.caCertPath;
    env.SSL_CERT_FILE = emulator.caCertPath;
  }
  const { url, httpsUrl, tfcHostname, herokuUrl, caCertPath, seeded } = emulator;
  return { url, httpsUrl, tfcHostname, herokuUrl, caCertPath, env, seeded };
}

/** The human-readable banner: URLs, then `export` lines to paste into a shell. */
export function formatSummary(summary: EmulatorSummary): string {
  const lines = [
    "cdktf-token-hooks emulator is running (fake credentials; loopback only)",
    `  HTTP   ${summary.url}  (HCP Terraform /api/v2, Infisical /api/v1, Heroku /heroku, controls /__admin)`,
  ];
  if (summary.httpsUrl !== null) lines.push(`  HTTPS  ${summary.httpsUrl}  (Terraform hostname ${summary.tfcHostname})`);
  lines.push(
    `  organization ${summary.seeded.organization}, Infisical project ${summary.seeded.infisical.projectId}`,
    "",
    ...Object.entries(summary.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    ...platformTeamLine(summary.seeded),
    "",
    "Press Ctrl+C to stop.",
  );
  return lines.join("\n");
}

/** The README's stack (and `init`'s app) deploys the team token of its `team_id` variable: the seeded `platform` team. */
function platformTeamLine(seeded: EmulatorSummary["seeded"]): string[] {
  // `?.`: a summary built by hand (as in the banner's unit test) may carry no teams.
  const platform = seeded.otherTeams?.find((team) => team.name === "platform");
  return platform === undefined ? [] : [`export TF_VAR_team_id=${platform.id}   # the seeded "platform" team, for the README's stack`];
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** Runs the emulator until `signal` aborts, printing its summary once it listens. */
export async function runEmulatorCommand(options: EmulatorCommandOptions, print: (text: string) => void, signal: AbortSignal): Promise<void> {
  const emulator = await startEmulator({
    port: options.port,
    httpsPort: options.httpsPort,
    rateLimitPerSecond: options.rateLimitPerSecond,
    latencyMs: options.latencyMs,
    seed: options.seed,
  });
  try {
    const summary = summarize(emulator);
    print(options.json ? JSON.stringify(summary) : formatSummary(summary));
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  } finally {
    await emulator.close();
  }
}
