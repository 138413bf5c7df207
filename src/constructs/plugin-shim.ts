import * as fs from "node:fs";
import * as path from "node:path";
import type { ISynthesisSession, TerraformStack } from "./cdk-core";
import { mirrorExecutablePath, TOKENHOOKS_ADDRESS, type ProviderAddress } from "../provider/address";
import { lockPluginInStack } from "./provider-lock";

const BUNDLE_NAME = "terraform-provider-tokenhooks.js";
/** The sources of the plugins a stack's synthesizer already writes, so each is written once. */
const INSTALLED = Symbol.for("cdktf-token-hooks/plugins-installed");

/**
 * The bundled plugin: `dist/` beside `src/` (running from the repository through ts-node) or
 * beside `lib/` (the installed package) — both are two levels above this file.
 */
export function pluginBundlePath(): string {
  return path.resolve(__dirname, "..", "..", "dist", BUNDLE_NAME);
}

/**
 * Makes every synthesis of `stack` also write the built-in plugin into the stack's implied local
 * mirror and its entry into the stack's lock file (see {@link installPluginInStack}). The bytes are
 * copied unchanged so the lock file's `h1:` hash is the same in every project and on every machine.
 */
export function installPluginShim(stack: TerraformStack, bundlePath: string = pluginBundlePath()): void {
  installPluginInStack(stack, TOKENHOOKS_ADDRESS, () => readPluginBundle(bundlePath));
}

/**
 * Makes every synthesis of `stack` also write the plugin serving `address` (its bytes from
 * `bundle`, read at synth) into the stack's implied local mirror (`terraform.d/plugins/...` in the
 * stack's working directory), where Terraform and OpenTofu find it with no install step, and its
 * entry into the stack's lock file, so the CLI has no provider left to lock. Installing the same
 * provider again does nothing.
 */
export function installPluginInStack(stack: TerraformStack, address: ProviderAddress, bundle: () => Buffer): void {
  const marked = stack as unknown as Record<symbol, Set<string> | undefined>;
  const installed = (marked[INSTALLED] ??= new Set<string>());
  if (installed.has(address.source)) return;
  installed.add(address.source);
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession) {
      inner.synthesize(session);
      const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      const bytes = bundle();
      writePluginBytesIntoMirror(path.join(stackDir, "terraform.d", "plugins"), bytes, address);
      lockPluginInStack(stackDir, bytes, address);
    },
  };
}

/** Copies the plugin bundle to `<mirrorRoot>/<host>/<ns>/<type>/<version>/<os>_<arch>/`, executable. */
export function writePluginIntoMirror(mirrorRoot: string, bundlePath: string = pluginBundlePath()): string {
  return writePluginBytesIntoMirror(mirrorRoot, readPluginBundle(bundlePath));
}

function readPluginBundle(bundlePath: string): Buffer {
  if (!fs.existsSync(bundlePath)) {
    throw new Error(
      `cdktf-token-hooks: the provider plugin bundle is missing at ${bundlePath}. ` +
        "The published package ships it; in a checkout of the repository, build it with `npm run bundle`.",
    );
  }
  return fs.readFileSync(bundlePath);
}

function writePluginBytesIntoMirror(mirrorRoot: string, bytes: Buffer, address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  const target = path.join(mirrorRoot, ...mirrorExecutablePath(undefined, address).split("/"));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target) || !fs.readFileSync(target).equals(bytes)) fs.writeFileSync(target, bytes);
  fs.chmodSync(target, 0o755);
  return target;
}
