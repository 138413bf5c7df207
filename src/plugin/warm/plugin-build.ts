import { createHash } from "node:crypto";

/**
 * A plugin executable as scripts/plugin-launcher.mjs writes it: the shell launcher
 * (`launcher.sh`, naming the build) followed by the plugin's JavaScript, the build's body.
 */

/** The launcher's last line, after which the body starts. */
const HEADER_END = "\n*/\n";
const BUILD_LINE = /^build=([0-9a-f]{16})$/m;

/** A build's id: the start of its body's SHA-256, so equal bodies share a server. */
export function buildIdOf(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex").slice(0, 16);
}

/**
 * The build of `executable`, when it starts with a launcher whose id matches its body; `undefined`
 * for a bare bundle or a file whose body was changed after the launcher was written.
 */
export function pluginBuild(executable: Buffer): string | undefined {
  const end = executable.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const id = BUILD_LINE.exec(executable.subarray(0, end).toString("latin1"))?.[1];
  return id !== undefined && id === buildIdOf(executable.subarray(end + HEADER_END.length)) ? id : undefined;
}
