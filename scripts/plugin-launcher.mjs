// Puts the shell launcher (src/plugin/warm/launcher.sh) in front of a plugin bundle's JavaScript,
// naming the build by its body's hash, so the executable serves launches from a warm plugin
// server. The same body always gives the same bytes: lock-file hashes hold.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TEMPLATE = fileURLToPath(new URL("../src/plugin/warm/launcher.sh", import.meta.url));

/** The executable: launcher, then `body` (JavaScript without a `#!` line). */
export function withLauncher(body) {
  const buildId = createHash("sha256").update(body).digest("hex").slice(0, 16);
  const launcher = readFileSync(TEMPLATE, "utf8").replace("@BUILD_ID@", buildId);
  return Buffer.concat([Buffer.from(launcher), Buffer.from(body)]);
}
