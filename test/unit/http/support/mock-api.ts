import { MockAgent } from "undici";

/** A MockAgent that refuses real connections and records every call. */
export function mockAgent(): MockAgent {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  return agent;
}

/** One recorded request, reduced to what the tests compare. */
export interface RecordedCall {
  method: string;
  /** Origin, path and query as sent. */
  url: string;
  headers: Record<string, string>;
  /** The decoded JSON body, or undefined when none was sent. */
  body: unknown;
}

/** Every request the agent saw, in order. */
export function recordedCalls(agent: MockAgent): RecordedCall[] {
  return (agent.getCallHistory()?.calls() ?? []).map((call) => ({
    method: call.method,
    url: call.fullUrl,
    headers: Object.fromEntries(Object.entries(call.headers ?? {}).map(([key, value]) => [key, String(value)])),
    body: call.body === undefined || call.body === null || call.body === "" ? undefined : JSON.parse(call.body),
  }));
}

/** A sleep that returns at once and remembers how long it was asked to wait. */
export function fakeSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/** An error as undici or the OS reports a broken connection. */
export function socketError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

export const JSON_HEADERS = { "content-type": "application/json" };
export const JSON_API_HEADERS = { "content-type": "application/vnd.api+json" };
