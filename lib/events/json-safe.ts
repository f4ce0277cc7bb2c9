const MAX_DEPTH = 32;

/**
 * Makes any value JSON-safe without losing data: Dates become ISO strings ("Z"), bigints strings,
 * Maps/Sets plain containers, undefined and functions vanish. Unlike authentik, falsy list items
 * (0, false, "") are kept.
 */
export function toJsonSafe(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[max depth]";
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) return { type: value.name, message: value.message };
  if (value instanceof Map) return toJsonSafe(Object.fromEntries(value), depth + 1);
  if (value instanceof Set) return toJsonSafe([...value], depth + 1);
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const clean = toJsonSafe(inner, depth + 1);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}
