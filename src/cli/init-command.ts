import * as fs from "node:fs";
import * as path from "node:path";
import { appFiles, type AppLibrary } from "./init-template";

/**
 * Writes a new app into `dir` (created when missing; it must be empty): the README's stack, a
 * jest test that plans it offline, and a package.json with pinned, mutually compatible versions,
 * the CLI as a dev dependency and `deploy` / `diff` / `destroy` scripts. Returns the paths written,
 * relative to `dir`. Installs nothing: that is the next step, `npm install`.
 */
export function initApp(dir: string, library: AppLibrary): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const present = fs.readdirSync(dir).filter((entry) => entry !== ".git");
  if (present.length > 0) throw new Error(`${dir} is not empty (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", ..." : ""}); init writes a new app into an empty folder`);
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-") || "app";
  const files = appFiles(name, library);
  for (const [relative, text] of files) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return [...files.keys()];
}

/** The lines `init` prints: what it wrote, and what to run next. */
export function initReport(written: readonly string[], library: AppLibrary): string {
  const node = library === "cdktn" ? "Node.js >= 22.19 (cdktn-cli needs it)" : "Node.js >= 20.18";
  return [
    `wrote a ${library} app: ${written.join(", ")}`,
    "",
    `next (with ${node} and terraform or tofu on PATH):`,
    "  npm install",
    "  npm test                  # plans the stack offline",
    "  npx cdktf-token-hooks emulator   # in another shell: prints export lines to paste here",
    "  npm run deploy",
  ].join("\n");
}
