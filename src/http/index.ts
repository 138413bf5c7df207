export {
  AmbiguousCreateError,
  ApiError,
  InsecureUrlError,
  isAmbiguousFailure,
  isNotFound,
  MalformedResponseError,
  NetworkError,
  RequestError,
  RequestTimeoutError,
  ServiceDiscoveryError,
  type HttpMethod,
  type RequestTarget,
  type Service,
} from "./errors";
export { DEFAULT_TIMEOUT_MS, type HttpClientOptions } from "./http-core";
export type { RequestLogEvent, RequestLogger } from "./request-log";
export { DEFAULT_RETRY_SETTINGS, type RetrySettings } from "./retry-policy";
export { Secret } from "./secret";
export { parseSecureUrl } from "./url-policy";
