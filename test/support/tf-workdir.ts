import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away Terraform/OpenTofu working directory and a way to run the engine in it with a
 * hermetic environment: no checkpoint calls, an empty CLI configuration (so only the implied
 * `terraform.d/plugins` mirror inside the directory is used), no plugin cache.
 */

/** What an engine run produced. */
export interface RunResult {
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** A run that ended with an unexpected exit code or timed out; the message carries the output. */
export class EngineRunError extends Error {
  constructor(
    message: string,
    public readonly result: RunResult,
  ) {
    super(message);
    this.name = "EngineRunError";
  }
}

export interface RunOptions {
  /** Exit codes that count as success; default `[0]`. */
  readonly expectExit?: readonly number[];
  /** Default 120 s: a run is killed and reported after this long. */
  readonly timeoutMs?: number;
  /** Extra environment for the engine (and through it, the provider). */
  readonly env?: Readonly<Record<string, string>>;
}

/** An engine run in progress, for tests that signal the engine mid-run. */
export interface RunningEngine {
  readonly pid: number;
  /** Settles when the process has exited and its pipes have closed, whatever the exit code. */
  readonly finished: Promise<RunResult>;
}

/** Where a provider package goes in the implied local mirror. */
export interface PluginAddress {
  readonly hostname: string;
  readonly namespace: string;
  readonly type: string;
  readonly version: string;
}

const OUTPUT_TAIL = 4000;

export class TfWorkdir {
  private constructor(
    /** The working directory; the engine runs with this as cwd. */
    readonly dir: string,
    private readonly cliConfigFile: string,
  ) {}

  /** Creates an empty working directory (and an empty CLI configuration file beside it). */
  static create(prefix: string): TfWorkdir {
    const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const dir = join(root, "work");
    mkdirSync(dir);
    const cliConfigFile = join(root, "empty.tfrc");
    writeFileSync(cliConfigFile, "");
    return new TfWorkdir(dir, cliConfigFile);
  }

  /** Writes a file relative to the working directory. */
  write(relativePath: string, content: string): void {
    writeFileSync(join(this.dir, relativePath), content);
  }

  /** Writes `main.tf.json`. */
  writeConfig(config: unknown): void {
    this.write("main.tf.json", `${JSON.stringify(config, null, 2)}\n`);
  }

  /**
   * Installs an executable as an unpacked provider package in the implied local mirror
   * `terraform.d/plugins/HOST/NS/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION`.
   * Returns the installed path.
   */
  installPlugin(executable: string, address: PluginAddress): string {
    const packageDir = join(this.dir, "terraform.d", "plugins", address.hostname, address.namespace, address.type, address.version, platform());
    mkdirSync(packageDir, { recursive: true });
    const target = join(packageDir, `terraform-provider-${address.type}_v${address.version}`);
    copyFileSync(executable, target);
    chmodSync(target, 0o755);
    return target;
  }

  /** Runs the engine with `args` in the working directory; rejects unless the exit code is expected. */
  async run(enginePath: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const result = await this.start(enginePath, args, options).finished;
    const expected = options.expectExit ?? [0];
    if (result.exitCode === TIMED_OUT) throw new EngineRunError(describe(`${result.command} timed out`, result), result);
    if (!expected.includes(result.exitCode)) {
      throw new EngineRunError(describe(`${result.command} exited ${result.exitCode} (expected ${expected.join(" or ")})`, result), result);
    }
    return result;
  }

  /** Starts the engine as {@link run} does, without waiting for it; `expectExit` is not checked. */
  start(enginePath: string, args: readonly string[], options: RunOptions = {}): RunningEngine {
    return startProcess(enginePath, args, {
      cwd: this.dir,
      env: { ...this.engineEnv(), ...options.env },
      timeoutMs: options.timeoutMs ?? 120_000,
    });
  }

  /** Removes the working directory and its CLI configuration. */
  dispose(): void {
    rmSync(join(this.dir, ".."), { recursive: true, force: true });
  }

  private engineEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: this.cliConfigFile };
    for (const name of ["TF_PLUGIN_CACHE_DIR", "TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_CORE", "TF_REATTACH_PROVIDERS", "TERRAFORM_CONFIG"]) {
      delete env[name];
    }
    return env;
  }
}

/** The engine's `OS_ARCH` for this machine, e.g. `linux_amd64`. */
export function platform(): string {
  const arch = ({ x64: "amd64", arm64: "arm64", ia32: "386" } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

const TIMED_OUT = -1;

function startProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): RunningEngine {
  const command = [file, ...args].join(" ");
  const started = performance.now();
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const finished = new Promise<RunResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        command,
        // A signal death reads like a shell's exit status: 128 + signal number.
        exitCode: timedOut ? TIMED_OUT : (code ?? 128 + (signal ? constants.signals[signal] : 0)),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        durationMs: performance.now() - started,
      });
    });
  });
  return { pid: child.pid ?? -1, finished };
}

function describe(headline: string, result: RunResult): string {
  const tail = (text: string) => (text.length > OUTPUT_TAIL ? `…${text.slice(-OUTPUT_TAIL)}` : text);
  return `${headline} after ${Math.round(result.durationMs)} ms\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
}
