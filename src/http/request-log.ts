import type { HttpMethod, Service } from "./errors";

/** One attempt of one request, for TF_LOG-style debug logs. Never carries headers or bodies. */
export interface RequestLogEvent {
  service: Service;
  method: HttpMethod;
  /** URL path plus query. */
  path: string;
  /** 1 for the first try, counting retries after it. */
  attempt: number;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Why no response arrived: a network error code, or `TIMEOUT`. */
  errorCode?: string;
  durationMs: number;
  /** Set when the request will be retried after this many milliseconds. */
  retryInMs?: number;
}

/** Receives one event per attempt. Must not throw; exceptions are ignored. */
export type RequestLogger = (event: RequestLogEvent) => void;
