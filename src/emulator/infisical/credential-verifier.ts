import { request, type Dispatcher } from "undici";
import { HEROKU_PREFIX } from "../heroku/api";
import { waitFor } from "../http/wait";
import type { AppName } from "./model";

/**
 * Waits before each retry of a failed validation call: axios-retry's `exponentialDelay`
 * (2^n × 100 ms, without its jitter), three retries as in Infisical's `lib/config/request.ts`.
 */
export const VALIDATION_RETRY_DELAYS_MS = [200, 400, 800] as const;

/** Checks a credential against its service; resolves to a failure message, or undefined when valid. */
export type CredentialVerifier = (app: AppName, credential: string) => Promise<string | undefined>;

/** What the loopback verifier needs from the emulator. */
export interface LoopbackVerifierDeps {
  /** The emulator's own HTTP base URL. */
  baseUrl: () => string;
  dispatcher: Dispatcher;
  /**
   * The HCP Terraform host Infisical validates terraform-cloud tokens against: null for the
   * emulator's own, which stands in for app.terraform.io; any other host name is an HCP Terraform
   * that never minted the emulator's tokens.
   */
  terraformCloudHost: () => string | null;
  /** Ends pending retries when the emulator closes. */
  shutdown: AbortSignal;
}

/** The outcome of one validation call: settled (valid or refused), or a failure worth retrying. */
type Attempt = { settled: true; failure: string | undefined } | { settled: false; failure: string };

/**
 * Validates credentials the way Infisical does, but against the emulator itself over loopback
 * HTTP, so each check is a real request: logged, rate-limited, slowed by injected latency and
 * subject to injected faults. TFC: `GET /api/v2/organizations`; Heroku: `GET /apps` with the
 * version-3 Accept header. Like Infisical's axios client it has no timeout, and retries a
 * network error, a 429 or a 5xx three times.
 */
export function loopbackCredentialVerifier(deps: LoopbackVerifierDeps): CredentialVerifier {
  return async (app, credential) => {
    // Never a real call: another HCP Terraform answers a token it did not mint with 401.
    if (app === "terraform-cloud" && deps.terraformCloudHost() !== null) return "Request failed with status code 401";
    let attempt = await validateOnce(deps, app, credential);
    for (const delay of VALIDATION_RETRY_DELAYS_MS) {
      if (attempt.settled || deps.shutdown.aborted) break;
      await waitFor(delay, deps.shutdown);
      attempt = await validateOnce(deps, app, credential);
    }
    return attempt.failure;
  };
}

async function validateOnce(deps: LoopbackVerifierDeps, app: AppName, credential: string): Promise<Attempt> {
  const call =
    app === "terraform-cloud"
      ? { path: "/api/v2/organizations", headers: { "content-type": "application/vnd.api+json" } }
      : { path: `${HEROKU_PREFIX}/apps`, headers: { accept: "application/vnd.heroku+json; version=3" } };
  try {
    const response = await request(`${deps.baseUrl()}${call.path}`, {
      dispatcher: deps.dispatcher,
      headers: { ...call.headers, authorization: `Bearer ${credential}` },
      headersTimeout: 0,
      bodyTimeout: 0,
      signal: deps.shutdown,
    });
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { settled: true, failure: undefined };
    const failure = `Request failed with status code ${status}`;
    return status === 429 || status >= 500 ? { settled: false, failure } : { settled: true, failure };
  } catch (error) {
    return { settled: false, failure: describeNetworkFailure(error) };
  }
}

/** Axios-style wording for a failed call (Infisical's message embeds axios's `error.message`). */
function describeNetworkFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") return "socket hang up";
  return error instanceof Error ? error.message : "Network Error";
}
