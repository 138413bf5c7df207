import type { IncomingHttpHeaders } from "node:http";

/** A response header's value (the first, if repeated), by lowercase name. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
