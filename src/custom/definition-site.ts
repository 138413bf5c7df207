import * as path from "node:path";

/**
 * The file and line of the user code that called a `define*` function, found from the call stack
 * as AWS CDK's `NodejsFunction` finds its entry, so that an invalid definition fails naming it.
 */
export function definitionSite(): string {
  const here = path.dirname(__filename);
  const lines = (new Error().stack ?? "").split("\n").slice(1);
  for (const line of lines) {
    // `at fn (/abs/file.ts:12:3)` or `at /abs/file.ts:12:3`; absolute paths only (POSIX or a drive letter).
    const match = /(\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    if (!match) continue;
    const [, file, lineNumber] = match;
    if (path.dirname(file) === here || file.startsWith("node:") || file.includes(`${path.sep}node_modules${path.sep}ts-node${path.sep}`)) continue;
    return `${path.relative(process.cwd(), file) || file}:${lineNumber}`;
  }
  return "(unknown file)";
}

/** A resource or provider definition that breaks the engine's or the framework's rules. */
export class DefinitionError extends Error {
  override readonly name = "DefinitionError";

  constructor(site: string, what: string, problems: readonly string[]) {
    super(`${site}: invalid ${what}:\n  - ${problems.join("\n  - ")}`);
  }
}
