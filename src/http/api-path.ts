/**
 * Builds an API path with every interpolated value percent-encoded as one path segment, so an
 * id or name can never add segments or a query: apiPath`/teams/${teamId}/authentication-token`.
 */
export function apiPath(literals: TemplateStringsArray, ...segments: string[]): string {
  return literals.reduce((path, literal, index) =>
    index === 0 ? literal : path + encodeURIComponent(segments[index - 1]) + literal
  );
}
