import type { InfisicalAuth, InfisicalClient } from "../clients/infisical";
import type { TfcClient } from "../clients/tfc";
import { Secret } from "../http/secret";
import { isUnknown, type CtyObject } from "../plugin/cty/values";
import { providerSchema } from "./schema";

/**
 * What resources use: the API clients, built from the provider configuration on first use (a
 * resource that only needs Infisical works without any HCP Terraform setting, and the other way
 * round).
 */
export interface ProviderClients {
  /** The HCP Terraform / Terraform Enterprise client; rejects when `tfe_token` is missing or not yet known. */
  tfc(): Promise<TfcClient>;
  /** The Infisical client; rejects when no Infisical credential is configured or one is not yet known. */
  infisical(): Promise<InfisicalClient>;
  /**
   * For plans: throws the error `tfc()` / `infisical()` would give at apply when a setting the
   * service needs is missing. Settings not yet known pass, since they may be set by then. Builds
   * nothing and contacts nothing.
   */
  checkConfigured(service: ProviderService): void;
  /**
   * For plans: the HCP Terraform host the provider reaches (lowercase, with its port if any), from
   * `tfe_address` or `tfe_hostname`; null when neither is set (the default, app.terraform.io);
   * undefined while either is not known yet or is malformed (validation reports that).
   */
  tfcHost(): string | null | undefined;
}

/** The remote services the provider reaches. */
export type ProviderService = "tfc" | "infisical";

type ProviderSetting = keyof typeof providerSchema.attributes;

/** A provider setting needed by the operation at hand is missing, incomplete or not yet known. */
export class ProviderSettingError extends Error {
  override readonly name = "ProviderSettingError";

  constructor(
    message: string,
    /** The provider attributes concerned. */
    readonly settings: readonly ProviderSetting[],
  ) {
    super(message);
  }
}

/** How the user can provide a setting: in the provider block or through its environment variable. */
function howToSet(setting: ProviderSetting): string {
  const env = providerSchema.attributes[setting].env ?? [];
  return `"${setting}" in the provider block (or the ${env.join(" / ")} environment variable)`;
}

/** Reads one provider setting: its text, or null when unset. */
type SettingReader = (name: ProviderSetting, purpose: string) => string | null;

/** A reader of `config` that answers a value not known yet with `whenUnknown`. */
const settingFrom =
  (config: CtyObject, whenUnknown: (name: ProviderSetting, purpose: string) => string): SettingReader =>
  (name, purpose) => {
    const value = config[name] ?? null;
    if (isUnknown(value)) return whenUnknown(name, purpose);
    return typeof value === "string" ? value : null;
  };

/** For an API call: a setting not known yet is an error. */
function notKnownYet(name: ProviderSetting, purpose: string): never {
  throw new ProviderSettingError(
    `The provider setting "${name}" is not known yet\n` +
      `It is needed to ${purpose}, but its value depends on something not yet applied. ` +
      `Apply that first (e.g. with -target), or set ${howToSet(name)} to a known value.`,
    [name],
  );
}

/** For a plan: a setting not known yet counts as set, to be checked at apply. */
const knownAfterApply = () => "(known after apply)";

function missing(names: readonly ProviderSetting[], what: string): ProviderSettingError {
  return new ProviderSettingError(`${what}\nSet ${names.map(howToSet).join(" and ")}.`, names);
}

function infisicalAuth(setting: SettingReader): InfisicalAuth {
  const purpose = "authenticate to Infisical";
  const token = setting("infisical_token", purpose);
  if (token !== null) return { accessToken: new Secret(token) };
  const clientId = setting("infisical_client_id", purpose);
  const clientSecret = setting("infisical_client_secret", purpose);
  if (clientId !== null && clientSecret !== null) return { universalAuth: { clientId, clientSecret: new Secret(clientSecret) } };
  if (clientId !== null) throw missing(["infisical_client_secret"], "Infisical Universal Auth needs a client secret");
  if (clientSecret !== null) throw missing(["infisical_client_id"], "Infisical Universal Auth needs a client id");
  throw new ProviderSettingError(
    "No Infisical credential is configured\n" +
      `Set ${howToSet("infisical_client_id")} and ${howToSet("infisical_client_secret")} for a machine identity's Universal Auth, ` +
      `or ${howToSet("infisical_token")} for a machine identity access token.`,
    ["infisical_client_id", "infisical_client_secret", "infisical_token"],
  );
}

/** Builds a value on first call and returns the same promise afterwards; a failure is not cached. */
function once<T>(build: () => T | Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () =>
    (built ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        built = undefined;
        throw error;
      }));
}

/*
 * The API clients (and undici with them) are loaded on first use: most of the 3–5 plugin processes
 * an engine starts per command (schema, validate) never call an API, and start-up time is the
 * plugin's main cost. The bundler keeps a required module uninitialised until this runs.
 */
function tfcModule(): typeof import("../clients/tfc") {
  return require("../clients/tfc");
}

function infisicalModule(): typeof import("../clients/infisical") {
  return require("../clients/infisical");
}

interface TfcSettings {
  readonly token: string;
  readonly address: string | null;
  readonly hostname: string | null;
}

function tfcSettings(setting: SettingReader): TfcSettings {
  const purpose = "reach HCP Terraform";
  const token = setting("tfe_token", purpose);
  const address = setting("tfe_address", purpose);
  const hostname = setting("tfe_hostname", purpose);
  if (token === null) throw missing(["tfe_token"], "No HCP Terraform token is configured");
  return { token, address, hostname };
}

/**
 * The provider's `configure`: validates nothing and contacts nothing. Each client is built on
 * first use, so that a missing or not-yet-known credential is reported by the resource that
 * needs it, naming the setting and its environment variable.
 */
export function createProviderClients(config: CtyObject): ProviderClients {
  const setting = settingFrom(config, notKnownYet);
  return {
    tfc: once(() => {
      const { token, address, hostname } = tfcSettings(setting);
      return tfcModule().TfcClient.create({ token: new Secret(token), ...(address === null ? {} : { address }), ...(hostname === null ? {} : { hostname }) });
    }),
    infisical: once(() => {
      const host = setting("infisical_host", "reach Infisical");
      return new (infisicalModule().InfisicalClient)({ auth: infisicalAuth(setting), ...(host === null ? {} : { host }) });
    }),
    tfcHost() {
      const address = config.tfe_address ?? null;
      const hostname = config.tfe_hostname ?? null;
      if (isUnknown(address) || isUnknown(hostname)) return undefined;
      if (typeof address === "string") return URL.canParse(address) ? new URL(address).host.toLowerCase() : undefined;
      return typeof hostname === "string" ? hostname.toLowerCase() : null;
    },
    checkConfigured(service) {
      const planned = settingFrom(config, knownAfterApply);
      if (service === "tfc") tfcSettings(planned);
      else infisicalAuth(planned);
    },
  };
}
