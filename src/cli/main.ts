import { parseCliArgs, USAGE } from "./args";
import { runEmulatorCommand } from "./emulator-command";
import { initApp, initReport } from "./init-command";

/**
 * The `cdktf-token-hooks` command (bundled to `dist/cdktf-token-hooks.js`). Resolves to the exit
 * code: 0 on success or help, 1 when the emulator or init fails, 2 on a usage error.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const request = parseCliArgs(argv);
  if (request.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (request.command === "invalid") {
    process.stderr.write(`cdktf-token-hooks: ${request.reason}\n${USAGE}\n`);
    return 2;
  }
  if (request.command === "init") return runInit(request.library);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await runEmulatorCommand(request.options, (text) => process.stdout.write(`${text}\n`), stop.signal);
    return 0;
  } catch (error) {
    process.stderr.write(`cdktf-token-hooks: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function runInit(library: "cdktf" | "cdktn"): number {
  try {
    process.stdout.write(`${initReport(initApp(process.cwd(), library), library)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`cdktf-token-hooks init: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
