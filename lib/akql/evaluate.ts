import type { TAkqlCompare, TAkqlNode, TAkqlScalar } from "./ast";
import { canonicalIp, jsonLeafText, listOf, literalText, type TAkqlEvent } from "./values";

export type { TAkqlEvent };

function resolve(event: TAkqlEvent, field: string[]): unknown {
  const [root, ...path] = field;
  if (root === "event_uuid") return event.pk;
  if (root === "action" || root === "app" || root === "client_ip" || root === "created") return event[root];
  let value: unknown = event[root as "user" | "brand" | "context"];
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = Array.isArray(value) ? value[Number(part)] : (value as Record<string, unknown>)[part];
  }
  return value;
}

function compareOrdered(op: string, left: number | string, right: number | string): boolean {
  if (op === ">") return left > right;
  if (op === ">=") return left >= right;
  if (op === "<") return left < right;
  return left <= right;
}

/** A positive comparison against one present value; negations are handled by the caller. */
function positive(node: TAkqlCompare, raw: unknown): boolean {
  const root = node.field[0];
  const op = node.op.replace(/^not /, "").replace("!~", "~").replace("!=", "=");
  const values = listOf(node);
  if (root === "created") {
    const at = Date.parse(String(raw));
    const times = values.map((v) => (v === null ? Number.NaN : Date.parse(String(v))));
    if (op === "=" || op === "in") return times.includes(at);
    return compareOrdered(op, at, times[0]);
  }
  const text = root === "client_ip" ? canonicalIp(String(raw)) : jsonLeafText(raw);
  if (text === null) return false;
  if (op === "=" || op === "in")
    return values.some((v) => {
      if (v === null) return false;
      if (root === "client_ip") return canonicalIp(String(v)) === text;
      return literalText(v) === text;
    });
  const value = values[0] as TAkqlScalar;
  if (op === "~") return text.toLowerCase().includes(String(value).toLowerCase());
  if (op === "startswith") return text.startsWith(String(value));
  if (op === "endswith") return text.endsWith(String(value));
  // Ordered: numbers compare numerically against numeric JSON leaves only; strings compare as text.
  if (typeof value === "number") return typeof raw === "number" && compareOrdered(op, raw, value);
  return compareOrdered(op, text, String(value));
}

function isNegated(op: string): boolean {
  return op === "!=" || op === "!~" || op.startsWith("not ");
}

function compare(node: TAkqlCompare, event: TAkqlEvent): boolean {
  const raw = resolve(event, node.field);
  const missing = raw === undefined || raw === null;
  const values = listOf(node);
  const negated = isNegated(node.op);
  // None: "= None" is "missing", "!= None" is "present"; inside lists None matches a missing value.
  if (node.op === "=" || node.op === "!=" || node.op === "in" || node.op === "not in") {
    const wantsNull = values.includes(null);
    if (missing) return negated ? !wantsNull : wantsNull;
    return negated ? !positive(node, raw) : positive(node, raw);
  }
  if (missing) return negated;
  return negated ? !positive(node, raw) : positive(node, raw);
}

/** Evaluates a parsed AKQL expression against one serialized event, with the SQL back end's semantics. */
export function evaluateAkql(node: TAkqlNode, event: TAkqlEvent): boolean {
  if (node.type === "and") return node.items.every((item) => evaluateAkql(item, event));
  if (node.type === "or") return node.items.some((item) => evaluateAkql(item, event));
  return compare(node, event);
}
