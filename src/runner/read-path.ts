// Reads a dotted path ("user.id", "items.0.name") out of a JSON value.
export function readPath(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
