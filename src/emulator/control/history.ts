import { RingBuffer } from "./ring-buffer";

/** What kind of object an event is about. */
export type HistoryResource =
  | "organization"
  | "team"
  | "team-token"
  | "user-token"
  | "organization-token"
  | "audit-trails-token"
  | "agent-pool"
  | "agent-token"
  | "app-connection";

/** What happened to it. `revoke` ends a credential's validity; `delete` removes a non-credential. */
export type HistoryAction = "create" | "update" | "revoke" | "delete";

/** One state change, in the order the emulator made them. */
export interface HistoryEvent {
  seq: number;
  /** Emulator-clock milliseconds. */
  at: number;
  action: HistoryAction;
  resource: HistoryResource;
  id: string;
  /** Resource-specific facts, e.g. `teamId`, `reason`, `credentialsRef`; never a secret. */
  details: Record<string, string | number | boolean | null>;
}

/** Events kept; the oldest fall off beyond this. */
export const HISTORY_CAPACITY = 5000;

/** Time-ordered record of creations, updates and revocations, for ordering assertions. */
export class History {
  readonly #events = new RingBuffer<HistoryEvent>(HISTORY_CAPACITY);
  readonly #now: () => number;
  #nextSeq = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  record(action: HistoryAction, resource: HistoryResource, id: string, details: HistoryEvent["details"] = {}): void {
    this.#events.push({ seq: this.#nextSeq++, at: this.#now(), action, resource, id, details });
  }

  events(): HistoryEvent[] {
    return this.#events.toArray();
  }
}
