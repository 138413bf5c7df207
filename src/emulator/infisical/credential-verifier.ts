import { request, type Dispatcher } from "undici";
import { HEROKU_PREFIX } from "../heroku/api";
import type { AppName } from "./model";

/** How long a validation call may take before it fails, like a stalled upstream would. */
const VALIDATION_TIMEOUT_MS = 10_000;

/** Checks a credential against its service; resolves to a failure message, or undefined when valid. */
export type CredentialVerifier = (app: AppName, credential: string) => Promise<string | undefined>;

/**
 * Validates credentials the way Infisical does, but against the emulator itself over loopback
 * HTTP, so each check is a real request: logged, rate-limited and subject to injected faults.
 * TFC: `GET /api/v2/organizations`; Heroku: `GET /apps` with the version-3 Accept header.
 */
export function loopbackCredentialVerifier(baseUrl: () => string, dispatcher: Dispatcher): CredentialVerifier {
  return async (app, credential) => {
    const call =
      app === "terraform-cloud"
        ? { path: "/api/v2/organizations", headers: { "content-type": "application/vnd.api+json" } }
        : { path: `${HEROKU_PREFIX}/apps`, headers: { accept: "application/vnd.heroku+json; version=3" } };
    try {
      const response = await request(`${baseUrl()}${call.path}`, {
        dispatcher,
        headers: { ...call.headers, authorization: `Bearer ${credential}` },
        headersTimeout: VALIDATION_TIMEOUT_MS,
        bodyTimeout: VALIDATION_TIMEOUT_MS,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300 ? undefined : `Request failed with status code ${response.statusCode}`;
    } catch (error) {
      return describeNetworkFailure(error);
    }
  };
}

/** Axios-style wording for a failed call (Infisical's message embeds axios's `error.message`). */
function describeNetworkFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return `timeout of ${VALIDATION_TIMEOUT_MS}ms exceeded`;
  if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") return "socket hang up";
  return error instanceof Error ? error.message : "Network Error";
}
