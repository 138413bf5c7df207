/**
 * What the example stacks deploy against. Credentials never appear here: the provider reads
 * TFE_TOKEN, TFE_ADDRESS / TFE_HOSTNAME, INFISICAL_HOST and INFISICAL_UNIVERSAL_AUTH_CLIENT_ID /
 * _SECRET from the environment itself. These are the non-secret targets.
 */
export interface StackSettings {
  /** HCP Terraform organization that owns the teams. */
  readonly organization: string;
  /** Team whose CI token the credentials stack manages. */
  readonly teamId: string;
  /** Teams per environment for the GitOps stacks. */
  readonly environmentTeams: Readonly<Record<string, string>>;
  /** Infisical project the connections belong to; organization-level when unset. */
  readonly infisicalProjectId?: string;
  /** Heroku API key for the Heroku connection (sensitive; from the environment only). */
  readonly herokuApiKey?: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`stacks: set ${name} (see README: "Pointing at real HCP Terraform / Infisical")`);
  return value;
}

/** Reads the settings from TOKENHOOKS_* environment variables (the demo sets them from the emulator). */
export function settingsFromEnv(): StackSettings {
  const teamId = required("TOKENHOOKS_TEAM_ID");
  return {
    organization: required("TOKENHOOKS_ORGANIZATION"),
    teamId,
    environmentTeams: {
      staging: process.env.TOKENHOOKS_STAGING_TEAM_ID ?? teamId,
      production: process.env.TOKENHOOKS_PRODUCTION_TEAM_ID ?? teamId,
    },
    infisicalProjectId: process.env.INFISICAL_PROJECT_ID || undefined,
    herokuApiKey: process.env.HEROKU_API_KEY || undefined,
  };
}
