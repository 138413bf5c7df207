import { spawn } from "node:child_process";
import { killTree } from "../../scripts/cdktf-project.mjs";

/** What a finished command printed, and how long it took. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

const OUTPUT_TAIL = 6000;

/**
 * Runs `file args` in `cwd` with `env`, capturing its output. Resolves when it exits 0; rejects
 * with the command line and the tail of its output when it fails, or when it runs past
 * `timeoutMs` (it is then killed with every process it started).
 */
export function runCommand(file: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  const command = `${file} ${args.join(" ")}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killTree(child.pid);
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result = { stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), durationMs: Date.now() - started };
      if (code === 0) return resolve(result);
      const reason = timedOut ? `timed out after ${options.timeoutMs} ms` : `failed (${code ?? signal})`;
      const output = `${result.stdout}\n--- stderr ---\n${result.stderr}`;
      reject(new Error(`${command} (in ${options.cwd}) ${reason}:\n${output.length > OUTPUT_TAIL ? `…${output.slice(-OUTPUT_TAIL)}` : output}`));
    });
  });
}
