/**
 * Where Terraform and OpenTofu find the plugin. A hostnamed source means both engines look in the
 * same implied-mirror path (an unqualified `ns/type` would mean a different registry to each), and
 * a `.local` host can never collide with a real registry.
 */
export const PROVIDER_HOSTNAME = "cdktf-token-hooks.local";
export const PROVIDER_NAMESPACE = "tokenhooks";
export const PROVIDER_TYPE = "tokenhooks";
export const PROVIDER_SOURCE = `${PROVIDER_HOSTNAME}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
/** Kept equal to package.json's version by a unit test. */
export const PROVIDER_VERSION = "0.1.0";

/** What a stack's `required_providers` entry says about a provider served from the `.local` host. */
export interface ProviderAddress {
  /** The provider's local name, `required_providers.<type>`, and its resource types' prefix. */
  readonly type: string;
  readonly source: string;
  /** The exact version required, the plugin's directory in the mirror. */
  readonly version: string;
}

/**
 * The address of a provider named `type` served from the plugin host: `<host>/<type>/<type>`, the
 * scheme of the built-in provider, so every provider of this package lives under the one host a
 * CLI configuration's `provider_installation` block names.
 */
export function localProviderAddress(type: string, version: string): ProviderAddress {
  return { type, source: `${PROVIDER_HOSTNAME}/${type}/${type}`, version };
}

/** The built-in `tokenhooks` provider's address. */
export const TOKENHOOKS_ADDRESS: ProviderAddress = { type: PROVIDER_TYPE, source: PROVIDER_SOURCE, version: PROVIDER_VERSION };
/** File name of the executable serving the provider at `address` inside a mirror's `<os>_<arch>` directory. */
export function pluginExecutableName(address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  return `terraform-provider-${address.type}_v${address.version}`;
}

/** File name of the built-in plugin's executable inside a mirror's `<os>_<arch>` directory. */
export const PLUGIN_EXECUTABLE = pluginExecutableName();

const GO_OS: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", darwin: "darwin", freebsd: "freebsd", openbsd: "openbsd", win32: "windows" };
const GO_ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };

/** The engine's `<GOOS>_<GOARCH>` platform directory name for this machine. */
export function enginePlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = GO_OS[platform];
  const goArch = GO_ARCH[arch];
  if (!os || !goArch) throw new Error(`cdktf-token-hooks: unsupported platform ${platform}/${arch} for the provider plugin`);
  return `${os}_${goArch}`;
}

/** Path of the executable serving the provider at `address` below a `terraform.d/plugins` mirror root. */
export function mirrorExecutablePath(platform = enginePlatform(), address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  return [address.source, address.version, platform, pluginExecutableName(address)].join("/");
}
