import { isLoopbackHost } from "../schema/validators";
import { InsecureUrlError } from "./errors";

/**
 * Parses an API base URL and enforces the transport policy: https everywhere, plain http only
 * on a loopback host (the local emulator). Credentials in the URL are refused too, since the
 * URL appears in error messages.
 */
export function parseSecureUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InsecureUrlError(text, "not an absolute URL");
  }
  if (url.username !== "" || url.password !== "") {
    throw new InsecureUrlError(`${url.protocol}//${url.host}`, "credentials in the URL are not allowed");
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:") {
    if (isLoopbackHost(url.hostname)) return url;
    throw new InsecureUrlError(url.href, "plain http is only allowed on a loopback host; use https");
  }
  throw new InsecureUrlError(url.href, `unsupported protocol ${url.protocol}; use https`);
}
