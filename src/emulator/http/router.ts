import type { Reply } from "./reply";

/** Path parameters captured by `:name` segments, percent-decoded. */
export type PathParams = Readonly<Record<string, string>>;

/** Handles one route. */
export type RouteHandler<C> = (context: C, params: PathParams) => Reply | Promise<Reply>;

interface Route<C> {
  method: string;
  segments: readonly string[];
  handler: RouteHandler<C>;
}

/** A matched route, ready to call. */
export interface RouteMatch<C> {
  handler: RouteHandler<C>;
  params: PathParams;
}

/** Method + path-pattern routing (`/teams/:teamId/authentication-token`); first match wins. */
export class Router<C> {
  readonly #routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: RouteHandler<C>): this {
    this.#routes.push({ method, segments: splitPath(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<C> | undefined {
    const segments = splitPath(path);
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): PathParams | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    if (expected.startsWith(":")) {
      const decoded = safeDecode(actual[i]);
      if (decoded === undefined) return undefined;
      params[expected.slice(1)] = decoded;
    } else if (expected !== actual[i]) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
