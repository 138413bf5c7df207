/** snake_case attribute name → camelCase construct property name (`api_token` → `apiToken`). */
export function propertyName(attribute: string): string {
  return attribute.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
