import { createHash } from "node:crypto";
import type { Fault, FaultRule } from "../../src/emulator";

/**
 * Issue #7's fault matrix: every API request the resources make, in the phase of the resource's
 * life that makes it, crossed with every way a request can fail. A cell is one such pair; the
 * end-to-end test runs the phase with the fault injected and checks the outcome.
 */

/** The part of a resource's life an engine run exercises. */
export type Phase = "create" | "read" | "update" | "delete";

/** One kind of API request, in the phase that sends it. */
export interface Operation {
  readonly phase: Phase;
  /** For titles: `POST team token`. */
  readonly name: string;
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Matches the request path (without the query string). */
  readonly path: RegExp;
}

/** A way for a request to fail, and how many requests in a row fail that way. */
export interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  /**
   * Consecutive matching requests that get the fault: two, so that a retry (or the second try of
   * an ambiguous create) meets it again; one for a hang, which already costs a full timeout.
   */
  readonly times: number;
}

/** One cell of the matrix. */
export interface Cell {
  readonly operation: Operation;
  readonly fault: FaultCase;
}

const TEAM_TOKENS = /^\/api\/v2\/teams\/[^/]+\/authentication-tokens$/;
const TEAM_TOKEN = /^\/api\/v2\/authentication-tokens\/[^/]+$/;
const ORGANIZATION_TOKEN = /^\/api\/v2\/organizations\/[^/]+\/authentication-token$/;
const LOGIN = /^\/api\/v1\/auth\/universal-auth\/login$/;
const CONNECTIONS = /^\/api\/v1\/app-connections\/heroku$/;
const CONNECTION = /^\/api\/v1\/app-connections\/heroku\/[0-9a-f-]{36}$/;

/**
 * Every request the scenario's resources (a described team token, the organization token and a
 * Heroku connection) send, by phase. "update" changes the team token's description and the
 * connection's, and replaces the organization token (`-replace`), so it exercises a
 * create-before-destroy replacement, a destroy-then-create replacement and an in-place PATCH.
 */
export const OPERATIONS: readonly Operation[] = [
  { phase: "create", name: "POST team token", method: "POST", path: TEAM_TOKENS },
  { phase: "create", name: "GET organization token before creating it", method: "GET", path: ORGANIZATION_TOKEN },
  { phase: "create", name: "POST organization token", method: "POST", path: ORGANIZATION_TOKEN },
  { phase: "create", name: "POST Infisical login", method: "POST", path: LOGIN },
  { phase: "create", name: "POST app connection", method: "POST", path: CONNECTIONS },
  { phase: "read", name: "GET team token", method: "GET", path: TEAM_TOKEN },
  { phase: "read", name: "GET organization token", method: "GET", path: ORGANIZATION_TOKEN },
  { phase: "read", name: "GET app connection", method: "GET", path: CONNECTION },
  { phase: "update", name: "POST replacement team token", method: "POST", path: TEAM_TOKENS },
  { phase: "update", name: "DELETE replaced team token", method: "DELETE", path: TEAM_TOKEN },
  { phase: "update", name: "DELETE replaced organization token", method: "DELETE", path: ORGANIZATION_TOKEN },
  { phase: "update", name: "POST replacement organization token", method: "POST", path: ORGANIZATION_TOKEN },
  { phase: "update", name: "PATCH app connection", method: "PATCH", path: CONNECTION },
  { phase: "delete", name: "DELETE team token", method: "DELETE", path: TEAM_TOKEN },
  { phase: "delete", name: "DELETE organization token", method: "DELETE", path: ORGANIZATION_TOKEN },
  { phase: "delete", name: "DELETE app connection", method: "DELETE", path: CONNECTION },
];

export const FAULTS: readonly FaultCase[] = [
  { name: "500", fault: { kind: "status", status: 500 }, times: 2 },
  { name: "502", fault: { kind: "status", status: 502 }, times: 2 },
  { name: "503", fault: { kind: "status", status: 503 }, times: 2 },
  { name: "connection reset", fault: { kind: "reset" }, times: 2 },
  { name: "hang past the timeout", fault: { kind: "hang" }, times: 1 },
  { name: "429 with X-RateLimit-Reset", fault: { kind: "rate-limit", resetSeconds: 1 }, times: 2 },
  { name: "malformed JSON body", fault: { kind: "malformed" }, times: 2 },
  { name: "done, response lost", fault: { kind: "drop-response" }, times: 2 },
];

/** Every cell, in an order that needs the fewest setup runs: phases in life order, per fault. */
export function allCells(): Cell[] {
  return FAULTS.flatMap((fault) => OPERATIONS.map((operation) => ({ operation, fault })));
}

/**
 * A deterministic sample: one cell per fault kind, the operation chosen from `seed`, so that
 * different seeds (by default one per day) walk the whole matrix over time.
 */
export function sampleCells(seed: string): Cell[] {
  const offset = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return FAULTS.map((fault, index) => ({ fault, operation: OPERATIONS[(offset + index * 5) % OPERATIONS.length] }));
}

/** The emulator rule that injects a cell's fault. */
export function faultRule(cell: Cell): FaultRule {
  return { method: cell.operation.method, path: cell.operation.path, fault: cell.fault.fault, times: cell.fault.times };
}

/** `POST team token × 500`. */
export function cellTitle(cell: Cell): string {
  return `${cell.operation.phase}: ${cell.operation.name} × ${cell.fault.name}`;
}
