import { ServiceDiscoveryError } from "../../http/errors";
import { headerValue } from "../../http/headers";
import { HttpCore, type HttpClientOptions, type RawResponse } from "../../http/http-core";
import { isRecord } from "../../http/json-shape";
import { parseSecureUrl } from "../../http/url-policy";

/** HCP Terraform's own host, used when neither an address nor a hostname is given. */
export const DEFAULT_TFC_HOSTNAME = "app.terraform.io";

/** The service id terraform-provider-tfe requires; older ids lack endpoints it relies on. */
export const TFE_SERVICE_ID = "tfe.v2.2";

/** go-tfe's fixed API path under a `TFE_ADDRESS`. */
const API_BASE_PATH = "/api/v2/";

const DISCOVERY_PATH = "/.well-known/terraform.json";

/** As Terraform's service discovery: a few redirects, a small document. */
const MAX_REDIRECTS = 3;
const MAX_DOCUMENT_CHARS = 1_000_000;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where the TFC API is: a full address, or a hostname to discover it on. */
export interface TfcLocation {
  /** `https://host[:port]` as `TFE_ADDRESS`; the API is at `/api/v2/` (any path given is replaced, as go-tfe does). Wins over `hostname`. */
  address?: string;
  /** A host name (optionally `:port`) whose `/.well-known/terraform.json` names the API. Default `app.terraform.io`. */
  hostname?: string;
}

function withTrailingSlash(url: URL): URL {
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function discoveryUrl(hostname: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(`https://${hostname}${DISCOVERY_PATH}`);
  } catch {
    // Reported below together with other malformed host names.
  }
  if (url === undefined || url.host !== hostname.toLowerCase()) {
    throw new ServiceDiscoveryError(
      hostname,
      "not a host name (expected e.g. app.terraform.io or tfe.example.com:8443)"
    );
  }
  return url;
}

/** GET one URL, following redirects itself so that each hop passes the URL policy. */
async function fetchDocument(
  hostname: string,
  start: URL,
  options: HttpClientOptions
): Promise<{ url: URL; response: RawResponse }> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const core = new HttpCore({
      ...options,
      service: "tfc",
      baseUrl: new URL(url.origin),
      headers: { accept: "application/json" },
      contentType: "application/json",
    });
    const response = await core.send({
      method: "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    });
    const location = headerValue(response.headers, "location");
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return { url, response };
    if (redirects >= MAX_REDIRECTS) throw new ServiceDiscoveryError(hostname, `more than ${MAX_REDIRECTS} redirects`);
    url = parseSecureUrl(new URL(location, url).href);
  }
}

/**
 * Terraform's remote service discovery: reads `https://<hostname>/.well-known/terraform.json`
 * and resolves the `tfe.v2.2` entry against the final discovery URL.
 */
export async function discoverTfcApi(hostname: string, options: HttpClientOptions): Promise<URL> {
  const { url, response } = await fetchDocument(hostname, discoveryUrl(hostname), options);
  if (response.status === 404) {
    throw new ServiceDiscoveryError(
      hostname,
      `${url.href} does not exist (404): the host offers no Terraform services`
    );
  }
  if (response.status !== 200) throw new ServiceDiscoveryError(hostname, `${url.href} answered ${response.status}`);
  const contentType = headerValue(response.headers, "content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new ServiceDiscoveryError(hostname, `${url.href} is not application/json (got "${contentType}")`);
  }
  if (response.text.length > MAX_DOCUMENT_CHARS) {
    throw new ServiceDiscoveryError(hostname, `${url.href} is larger than ${MAX_DOCUMENT_CHARS} characters`);
  }
  let document: unknown;
  try {
    document = JSON.parse(response.text);
  } catch {
    throw new ServiceDiscoveryError(hostname, `${url.href} is not valid JSON`);
  }
  if (!isRecord(document)) throw new ServiceDiscoveryError(hostname, `${url.href} is not a JSON object`);
  const entry = document[TFE_SERVICE_ID];
  if (typeof entry !== "string") {
    const advertised = Object.keys(document).filter((key) => key.startsWith("tfe."));
    throw new ServiceDiscoveryError(
      hostname,
      `the host does not advertise ${TFE_SERVICE_ID} (the HCP Terraform / Terraform Enterprise API)` +
        (advertised.length > 0 ? `; it only offers ${advertised.join(", ")}, too old for this provider` : "")
    );
  }
  let resolved: URL;
  try {
    resolved = new URL(entry, url);
  } catch {
    throw new ServiceDiscoveryError(hostname, `${TFE_SERVICE_ID} is not a URL`);
  }
  return withTrailingSlash(parseSecureUrl(resolved.href));
}

/**
 * The TFC API base URL (ending in `/`): from `address` when given, otherwise discovered on
 * `hostname` (default `app.terraform.io`).
 */
export async function resolveTfcBaseUrl(location: TfcLocation, options: HttpClientOptions): Promise<URL> {
  if (location.address !== undefined) {
    const address = parseSecureUrl(location.address);
    return new URL(API_BASE_PATH, address.origin);
  }
  return discoverTfcApi(location.hostname ?? DEFAULT_TFC_HOSTNAME, options);
}
