import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { pluginExecutableName, TOKENHOOKS_ADDRESS, type ProviderAddress } from "../provider/address";

/** The dependency lock file the engines read in a stack's working directory. */
export const LOCK_FILE_NAME = ".terraform.lock.hcl";

const LOCK_FILE_HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';

/**
 * The `h1:` hash an engine computes for the plugin's package directory: Go's dirhash "Hash1" over
 * the one file in it, `sha256(content) + "  " + name + "\n"`, hashed again and base64-encoded.
 * The package holds the same file on every platform, so this is the hash for all of them.
 */
export function pluginPackageHash(bundle: Buffer, address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  const fileLine = `${createHash("sha256").update(bundle).digest("hex")}  ${pluginExecutableName(address)}\n`;
  return `h1:${createHash("sha256").update(fileLine).digest("base64")}`;
}

/** The `provider "..." { ... }` block of the plugin serving `address`, formatted as `terraform init` writes it. */
export function pluginLockBlock(bundle: Buffer, address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  return [
    `provider "${address.source}" {`,
    `  version     = "${address.version}"`,
    `  constraints = "${address.version}"`,
    `  hashes = [`,
    `    "${pluginPackageHash(bundle, address)}",`,
    `  ]`,
    `}`,
  ].join("\n");
}

/** The block of the provider at `source` in a lock file, from its opening line to the first closing brace at line start. */
function providerBlockPattern(source: string): RegExp {
  return new RegExp(`^provider "${source.replace(/[.]/g, "\\.")}" \\{\\n[\\s\\S]*?^\\}`, "m");
}

/**
 * `lockFile` (the text of an existing lock file, or `undefined`) with the block of the plugin
 * serving `address` replaced by {@link pluginLockBlock}, or added after the other providers'.
 * Blocks of other providers stay as they were.
 */
export function withPluginLocked(lockFile: string | undefined, bundle: Buffer, address: ProviderAddress = TOKENHOOKS_ADDRESS): string {
  const block = pluginLockBlock(bundle, address);
  if (lockFile === undefined || lockFile.trim() === "") return `${LOCK_FILE_HEADER}\n${block}\n`;
  const existingBlock = providerBlockPattern(address.source);
  if (existingBlock.test(lockFile)) return lockFile.replace(existingBlock, block);
  return `${lockFile.trimEnd()}\n\n${block}\n`;
}

/**
 * Writes the entry of the plugin serving `address` into the lock file of the stack in `stackDir`,
 * so the CLI finds every required provider locked and runs no `providers lock` — which would ask
 * the `.local` host for a registry it cannot have. The file is rewritten only when its text changes.
 */
export function lockPluginInStack(stackDir: string, bundle: Buffer, address: ProviderAddress = TOKENHOOKS_ADDRESS): void {
  const file = path.join(stackDir, LOCK_FILE_NAME);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  const updated = withPluginLocked(existing, bundle, address);
  if (updated !== existing) fs.writeFileSync(file, updated);
}
