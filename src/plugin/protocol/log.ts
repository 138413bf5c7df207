/**
 * Logging for the plugin process: hclog JSON lines on stderr, which the engine parses and re-logs
 * under the provider's name at the line's level (stdout is reserved for the handshake).
 */

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

/** Structured context of a log line. Fields whose names look secret are redacted. */
export type LogFields = Readonly<Record<string, string | number | bigint | boolean | null | undefined>>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** `@module` of every line, e.g. `provider.tokenhooks`. */
  readonly module: string;
  /** Where the level comes from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives each complete line including its newline; default stderr. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

const SEVERITY: Readonly<Record<LogLevel, number>> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/**
 * Names of fields never written: any name containing one of these words, in any case and with
 * any separators (`apiToken`, `access_token`, `TFE_TOKEN`, `clientSecret`, …). Over-redacting a
 * harmless `token_id` is the accepted price of never writing a credential.
 */
const SECRET_NAME = /token|secret|passw(or)?d|credential|private_?key|api_?key/i;

export const REDACTED = "[redacted]";

/**
 * The level threshold: `TF_LOG_PROVIDER`, else `TF_LOG` (as the engine reads them; `JSON` and
 * unrecognised values mean TRACE, as in Terraform). Unset, empty or `OFF`: WARN, because warnings
 * and errors are always written — the engine only shows them when its own logging is on.
 */
export function logThreshold(env: NodeJS.ProcessEnv): LogLevel {
  const setting = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (setting === "" || setting === "off") return "warn";
  return setting in SEVERITY ? (setting as LogLevel) : "trace";
}

/** Creates a logger writing hclog JSON lines. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = SEVERITY[logThreshold(options.env ?? process.env)];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (SEVERITY[level] < threshold) return;
    write(`${formatLine(level, message, options.module, now(), fields)}\n`);
  };
  return { trace: log("trace"), debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** One hclog JSON line (without the newline). Reserved `@` names cannot be overridden by fields. */
export function formatLine(level: LogLevel, message: string, module: string, time: Date, fields: LogFields = {}): string {
  const line: Record<string, unknown> = { "@level": level, "@message": message, "@module": module, "@timestamp": hclogTimestamp(time) };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || name.startsWith("@")) continue;
    line[name] = SECRET_NAME.test(name) ? REDACTED : typeof value === "bigint" ? value.toString() : value;
  }
  return JSON.stringify(line);
}

/**
 * hclog's layout `2006-01-02T15:04:05.000000Z07:00`: the engine drops to raw-text logging for any
 * other number of fractional digits, so the millisecond ISO form is padded to microseconds.
 */
export function hclogTimestamp(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
