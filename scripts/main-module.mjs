// How the scripts tell whether they were run as a command or imported (by tests, by each other).
// Plain ESM with no dependencies.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started with. */
export function isMainModule(moduleUrl) {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(realpathSync(process.argv[1])).href;
}

/**
 * Runs `main(args)` when the module is the script node was started with. Its result (or 0) becomes
 * the exit code; an error is printed as its message alone and exits 1.
 */
export function runAsCommand(moduleUrl, main) {
  if (!isMainModule(moduleUrl)) return;
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => (process.exitCode = code ?? 0),
      (error) => {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      },
    );
}
