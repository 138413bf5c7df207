/** Settings of `cdktf-token-hooks emulator`. */
export interface EmulatorCommandOptions {
  port: number;
  /** False: no HTTPS server. */
  httpsPort: number | false;
  rateLimitPerSecond: number;
  latencyMs: number;
  seed?: string;
  /** One JSON line instead of the human-readable banner. */
  json: boolean;
}

/** What the command line asks for. */
export type CliRequest =
  | { command: "help" }
  | { command: "emulator"; options: EmulatorCommandOptions }
  | { command: "init"; library: "cdktf" | "cdktn" }
  | { command: "invalid"; reason: string };

/** The one-line usage printed by `--help` and after a usage error. */
export const USAGE =
  "usage: cdktf-token-hooks emulator [--port N] [--https-port N|--no-https] [--rate-limit N] [--latency MS] [--seed TEXT] [--json] | cdktf-token-hooks init [--cdktn]";

const NUMERIC_FLAGS = { "--port": "port", "--https-port": "httpsPort", "--rate-limit": "rateLimitPerSecond", "--latency": "latencyMs" } as const;

/** Parses `argv` (without `node` and the script); accepts `--flag value` and `--flag=value`. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) return { command: "help" };
  const [command, ...rest] = argv;
  if (command === "init") return parseInitArgs(rest);
  if (command !== "emulator") return { command: "invalid", reason: `unknown command ${JSON.stringify(command)}` };
  const options: EmulatorCommandOptions = { port: 0, httpsPort: 0, rateLimitPerSecond: 30, latencyMs: 0, json: false };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inlineValue] = splitFlag(rest[i]);
    if (flag === "--json" || flag === "--no-https") {
      if (inlineValue !== undefined) return { command: "invalid", reason: `${flag} takes no value` };
      if (flag === "--json") options.json = true;
      else options.httpsPort = false;
      continue;
    }
    if (flag !== "--seed" && !(flag in NUMERIC_FLAGS)) return { command: "invalid", reason: `unknown option ${flag}` };
    const value = inlineValue ?? rest[++i];
    if (value === undefined) return { command: "invalid", reason: `${flag} needs a value` };
    if (flag === "--seed") {
      options.seed = value;
      continue;
    }
    if (!/^\d+$/.test(value)) return { command: "invalid", reason: `${flag} needs a non-negative integer, got ${JSON.stringify(value)}` };
    options[NUMERIC_FLAGS[flag as keyof typeof NUMERIC_FLAGS]] = Number(value);
  }
  return { command: "emulator", options };
}

function parseInitArgs(rest: readonly string[]): CliRequest {
  const unknown = rest.find((argument) => argument !== "--cdktn");
  if (unknown !== undefined) return { command: "invalid", reason: `unknown option ${unknown} for init` };
  return { command: "init", library: rest.includes("--cdktn") ? "cdktn" : "cdktf" };
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf("=");
  return argument.startsWith("--") && equals > 0 ? [argument.slice(0, equals), argument.slice(equals + 1)] : [argument, undefined];
}
