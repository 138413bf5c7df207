import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The file and line a frame of the call stack points at. */
export interface CallSite {
  /** Absolute. */
  readonly file: string;
  readonly line: number;
}

/**
 * This package's folder: this module is `src/custom/definition-site.ts` in the repository, and
 * `lib/custom/definition-site.js` installed, whose frames a source-map handler (ts-node's, jest's)
 * shows at `src/custom/definition-site.ts` again.
 */
const PACKAGE_DIR = path.resolve(__dirname, "..", "..");

/**
 * The innermost frame of the current call stack in user code, found as AWS CDK's `NodejsFunction`
 * finds the file that defines it: the first frame in none of this package's module folders the
 * call went through (`custom`, and `moduleDirs`, named as under `src/`), in neither Node.js's
 * internals nor ts-node.
 */
export function callerSite(...moduleDirs: string[]): CallSite | undefined {
  // This module's own folder too, for when it is bundled into one file with its callers (a plugin).
  const internal = new Set([path.dirname(__filename), ...["custom", ...moduleDirs].flatMap((dir) => ["src", "lib"].map((root) => path.join(PACKAGE_DIR, root, dir)))]);
  const lines = (new Error().stack ?? "").split("\n").slice(1);
  for (const line of lines) {
    // `at fn (/abs/file.ts:12:3)`, `at /abs/file.ts:12:3` or `at file:///abs/file.mjs:12:3`: absolute
    // paths only (POSIX or a drive letter), so `node:internal/...` frames never match.
    const match = /^at (?:.*\()?(file:\/\/[^()]+?|\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!match) continue;
    const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
    if (internal.has(path.dirname(file)) || file.includes(`${path.sep}node_modules${path.sep}ts-node${path.sep}`)) continue;
    return { file, line: Number(match[2]) };
  }
  return undefined;
}

/**
 * The file and line of the user code that called a `define*` function, so that an invalid
 * definition fails naming it.
 */
export function definitionSite(): string {
  const site = callerSite();
  return site ? `${path.relative(process.cwd(), site.file) || site.file}:${site.line}` : "(unknown file)";
}

/** A resource or provider definition that breaks the engine's or the framework's rules. */
export class DefinitionError extends Error {
  override readonly name = "DefinitionError";

  constructor(site: string, what: string, problems: readonly string[]) {
    super(`${site}: invalid ${what}:\n  - ${problems.join("\n  - ")}`);
  }
}
