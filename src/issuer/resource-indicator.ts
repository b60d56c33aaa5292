// RFC 8707 resource indicators. This issuer serves one resource (the target): a request may name
// it — MCP clients must — but never another one.

/** Why the `resource` values of a request are refused (→ invalid_target), or undefined when fine. */
export function resourceProblem(requested: readonly string[], served: string): string | undefined {
  if (requested.length === 0) return undefined;
  if (requested.length > 1) return 'this issuer issues tokens for one resource at a time';
  const value = requested[0]!;
  if (!URL.canParse(value)) return 'resource must be an absolute URI';
  if (new URL(value).hash !== '' || value.includes('#')) return 'resource must not have a fragment';
  if (new URL(value).href !== new URL(served).href) return `this issuer issues no tokens for ${value.slice(0, 200)}`;
  return undefined;
}
