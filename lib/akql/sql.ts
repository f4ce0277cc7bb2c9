import { and, or, type SQL, sql } from "drizzle-orm";
import { events } from "@/db/schema";
import type { TAkqlCompare, TAkqlNode, TAkqlScalar } from "./ast";
import { canonicalIp, listOf, literalText } from "./values";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The text of a field. user.* and brand.<key> use ->> with a bound key so the expression indexes
 * ((user->>'username'), (brand->>'name'), …) apply; deeper paths use #>> with a bound text[] path.
 */
function textOf(field: string[]): { text: SQL; json?: SQL } {
  const [root, ...path] = field;
  if (root === "action") return { text: sql`${events.action}` };
  if (root === "app") return { text: sql`${events.app}` };
  if (root === "event_uuid") return { text: sql`${events.eventUuid}::text` };
  if (root === "client_ip") return { text: sql`host(${events.clientIp})` };
  const column = root === "user" ? events.user : root === "brand" ? events.brand : events.context;
  if (path.length === 1) return { text: sql`(${column}->>${path[0]}::text)`, json: sql`(${column}->${path[0]}::text)` };
  const bound = sql`array[${sql.join(
    path.map((part) => sql`${part}::text`),
    sql`, `,
  )}]`;
  return { text: sql`(${column}#>>${bound})`, json: sql`(${column}#>${bound})` };
}

const ORDERED: Record<string, string> = { ">": ">", ">=": ">=", "<": "<", "<=": "<=" };

/** A comparison that holds for a present value (null, and so false, when the field is missing). */
function positive(node: TAkqlCompare): SQL {
  const root = node.field[0];
  const op = node.op.replace(/^not /, "").replace("!~", "~").replace("!=", "=");
  const values = listOf(node).filter((v): v is Exclude<TAkqlScalar, null> => v !== null);
  if (op === "=" || op === "in") {
    if (!values.length) return sql`false`;
    if (root === "created") return or(...values.map((v) => sql`${events.created} = ${String(v)}::timestamptz`)) as SQL;
    if (root === "client_ip") {
      const ips = values.map((v) => canonicalIp(String(v))).filter((ip): ip is string => ip !== null);
      return ips.length ? (or(...ips.map((ip) => sql`${events.clientIp} = ${ip}::inet`)) as SQL) : sql`false`;
    }
    if (root === "event_uuid") {
      const ids = values.map(String).filter((v) => UUID.test(v));
      return ids.length ? (or(...ids.map((id) => sql`${events.eventUuid} = ${id}::uuid`)) as SQL) : sql`false`;
    }
    const { text } = textOf(node.field);
    return or(...values.map((v) => sql`${text} = ${literalText(v)}`)) as SQL;
  }
  const value = values[0];
  if (root === "created") return sql`${events.created} ${sql.raw(ORDERED[op])} ${String(value)}::timestamptz`;
  const { text, json } = textOf(node.field);
  if (op === "~") return sql`${text} ilike ${`%${escapeLike(String(value))}%`}`;
  if (op === "startswith") return sql`${text} like ${`${escapeLike(String(value))}%`}`;
  if (op === "endswith") return sql`${text} like ${`%${escapeLike(String(value))}`}`;
  if (typeof value === "number") {
    if (!json) return sql`false`;
    return sql`(case when jsonb_typeof(${json}) = 'number' then (${text})::numeric ${sql.raw(ORDERED[op])} ${value} end)`;
  }
  return sql`${text} collate "C" ${sql.raw(ORDERED[op])} ${String(value)}`;
}

function missing(node: TAkqlCompare): SQL {
  const root = node.field[0];
  if (root === "created" || root === "action" || root === "app" || root === "event_uuid") return sql`false`;
  if (root === "client_ip") return sql`${events.clientIp} is null`;
  return sql`${textOf(node.field).text} is null`;
}

function compare(node: TAkqlCompare): SQL {
  const negated = node.op === "!=" || node.op === "!~" || node.op.startsWith("not ");
  const pos = positive(node);
  const eqFamily = node.op === "=" || node.op === "!=" || node.op === "in" || node.op === "not in";
  const wantsNull = eqFamily && listOf(node).includes(null);
  if (!negated) return wantsNull ? (or(missing(node), pos) as SQL) : pos;
  const notPos = sql`not coalesce(${pos}, false)`;
  return wantsNull ? (and(sql`not (${missing(node)})`, notPos) as SQL) : notPos;
}

/** Compiles a parsed AKQL expression to a parameterised WHERE over events (values are always bound). */
export function akqlToSql(node: TAkqlNode): SQL {
  if (node.type === "and") return sql`(${and(...node.items.map(akqlToSql))})`;
  if (node.type === "or") return sql`(${or(...node.items.map(akqlToSql))})`;
  return sql`(${compare(node)})`;
}
