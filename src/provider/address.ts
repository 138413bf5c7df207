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
/** File name of the executable inside a mirror's `<os>_<arch>` directory. */
export const PLUGIN_EXECUTABLE = `terraform-provider-${PROVIDER_TYPE}_v${PROVIDER_VERSION}`;

const GO_OS: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", darwin: "darwin", freebsd: "freebsd", openbsd: "openbsd", win32: "windows" };
const GO_ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };

/** The engine's `<GOOS>_<GOARCH>` platform directory name for this machine. */
export function enginePlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = GO_OS[platform];
  const goArch = GO_ARCH[arch];
  if (!os || !goArch) throw new Error(`cdktf-token-hooks: unsupported platform ${platform}/${arch} for the provider plugin`);
  return `${os}_${goArch}`;
}

/** Path of the plugin executable below a `terraform.d/plugins` mirror root. */
export function mirrorExecutablePath(platform = enginePlatform()): string {
  return [PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_TYPE, PROVIDER_VERSION, platform, PLUGIN_EXECUTABLE].join("/");
}
