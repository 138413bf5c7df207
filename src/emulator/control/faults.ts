/** A failure to inject into a request. */
export type Fault =
  /** Answer with this status (and body, default: the API's own error body) without doing the work. */
  | { kind: "status"; status: number; body?: unknown }
  /** Reset the connection (TCP RST) without doing the work. */
  | { kind: "reset" }
  /** Hold the request for `ms`, then handle it normally; without `ms`, until the client gives up. */
  | { kind: "hang"; ms?: number }
  /** Do the work, then send its status with a truncated, unparseable body. */
  | { kind: "malformed" }
  /** Do the work, then destroy the socket instead of answering. */
  | { kind: "drop-response" }
  /** Answer 429 in the API's own style, resetting after `resetSeconds`, without doing the work. */
  | { kind: "rate-limit"; resetSeconds: number };

/** The `kind` of a {@link Fault}. */
export type FaultKind = Fault["kind"];

/** Which requests get a fault, and how many times. */
export interface FaultRule {
  /** HTTP method, any case; all methods when absent. */
  method?: string;
  /** Exact path, or a pattern tested against the path (without the query string). */
  path: string | RegExp;
  fault: Fault;
  /** How many matching requests get the fault (default 1; `Infinity` for all). */
  times?: number;
  /** Matching requests to let through before the fault starts (default 0). */
  after?: number;
}

/** A rule as reported by {@link FaultInjector.list}. */
export interface ActiveFaultRule {
  method: string | null;
  path: string;
  pathIsPattern: boolean;
  fault: Fault;
  /** Faults still to inject; `null` for unlimited. */
  remaining: number | null;
  /** Matching requests still to let through first. */
  skipping: number;
}

interface ArmedRule {
  method?: string;
  path: string | RegExp;
  fault: Fault;
  remaining: number;
  skipping: number;
}

/** More rules than this at once is a test bug, not a scenario. */
const MAX_RULES = 100;

/** Holds fault rules and hands out the fault for each matching request. */
export class FaultInjector {
  #rules: ArmedRule[] = [];

  /** Adds a rule; throws `TypeError`/`RangeError` on an invalid one. */
  add(rule: FaultRule): void {
    if (this.#rules.length >= MAX_RULES) throw new RangeError(`at most ${MAX_RULES} fault rules at once`);
    validateFault(rule.fault);
    const times = rule.times ?? 1;
    const after = rule.after ?? 0;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) throw new RangeError(`times must be a positive integer or Infinity, got ${times}`);
    if (!Number.isInteger(after) || after < 0) throw new RangeError(`after must be a non-negative integer, got ${after}`);
    if (!(typeof rule.path === "string" || rule.path instanceof RegExp)) throw new TypeError("path must be a string or a RegExp");
    this.#rules.push({
      method: rule.method?.toUpperCase(),
      // A global or sticky RegExp keeps state between tests; a plain copy does not.
      path: rule.path instanceof RegExp ? new RegExp(rule.path.source, rule.path.flags.replace(/[gy]/g, "")) : rule.path,
      fault: rule.fault,
      remaining: times,
      skipping: after,
    });
  }

  clear(): void {
    this.#rules = [];
  }

  list(): ActiveFaultRule[] {
    return this.#rules.map((rule) => ({
      method: rule.method ?? null,
      path: typeof rule.path === "string" ? rule.path : rule.path.source,
      pathIsPattern: typeof rule.path !== "string",
      fault: rule.fault,
      remaining: rule.remaining === Infinity ? null : rule.remaining,
      skipping: rule.skipping,
    }));
  }

  /** The fault for this request, if a rule fires; counts the match against the rule. */
  take(method: string, path: string): Fault | undefined {
    for (const rule of this.#rules) {
      if (rule.method !== undefined && rule.method !== method.toUpperCase()) continue;
      if (typeof rule.path === "string" ? rule.path !== path : !rule.path.test(path)) continue;
      if (rule.skipping > 0) {
        rule.skipping--;
        continue;
      }
      rule.remaining--;
      if (rule.remaining <= 0) this.#rules = this.#rules.filter((other) => other !== rule);
      return rule.fault;
    }
    return undefined;
  }
}

function validateFault(fault: Fault): void {
  switch (fault?.kind) {
    case "status":
      if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) throw new RangeError(`status must be an HTTP status code, got ${fault.status}`);
      return;
    case "hang":
      if (fault.ms !== undefined && !(Number.isFinite(fault.ms) && fault.ms >= 0)) throw new RangeError(`hang ms must be a non-negative number, got ${fault.ms}`);
      return;
    case "rate-limit":
      if (!(Number.isFinite(fault.resetSeconds) && fault.resetSeconds >= 0)) throw new RangeError(`resetSeconds must be a non-negative number, got ${fault.resetSeconds}`);
      return;
    case "reset":
    case "malformed":
    case "drop-response":
      return;
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown } | undefined)?.kind)}`);
  }
}
