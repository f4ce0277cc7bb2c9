/**
 * Turns an audit event's `context.diff` into rows for the side-by-side view: one row per changed
 * leaf, nested JSON objects diffed key by key ("attributes.team"), membership changes kept whole.
 * Pure, so the detail page and its tests share it.
 */
export type TDiffChangeKind = "added" | "removed" | "changed";
export type TDiffRow =
  | { path: string; kind: TDiffChangeKind; previous: unknown; next: unknown }
  | { path: string; kind: "membership"; add: unknown[]; remove: unknown[]; clear: boolean };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);
const isEmpty = (value: unknown) => value === null || value === undefined;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function leafRows(path: string, previous: unknown, next: unknown): TDiffRow[] {
  if (same(previous, next)) return [];
  if (isPlainObject(previous) && isPlainObject(next)) {
    return [...new Set([...Object.keys(previous), ...Object.keys(next)])]
      .sort()
      .flatMap((key) => leafRows(`${path}.${key}`, previous[key], next[key]));
  }
  const kind: TDiffChangeKind = isEmpty(previous) ? "added" : isEmpty(next) ? "removed" : "changed";
  return [{ path, kind, previous: previous ?? null, next: next ?? null }];
}

function isMembership(entry: Record<string, unknown>): boolean {
  return (
    !("previous_value" in entry || "new_value" in entry) && ("add" in entry || "remove" in entry || "clear" in entry)
  );
}

export function diffRows(diff: unknown): TDiffRow[] {
  if (!isPlainObject(diff)) return [];
  return Object.entries(diff).flatMap(([field, raw]): TDiffRow[] => {
    if (!isPlainObject(raw)) return [];
    if (isMembership(raw)) {
      return [
        {
          path: field,
          kind: "membership",
          add: Array.isArray(raw.add) ? raw.add : [],
          remove: Array.isArray(raw.remove) ? raw.remove : [],
          clear: raw.clear === true,
        },
      ];
    }
    const rows = leafRows(field, raw.previous_value, raw.new_value);
    // A field recorded as changed whose values print the same (e.g. masked secrets) still shows.
    return rows.length
      ? rows
      : [{ path: field, kind: "changed", previous: raw.previous_value ?? null, next: raw.new_value ?? null }];
  });
}

/** Display text of a diff value: strings as they are, everything else as compact JSON; null is "—". */
export function formatDiffValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
