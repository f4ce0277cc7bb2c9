import { isIP } from "node:net";
import type { TAkqlCompare, TAkqlScalar } from "./ast";

/** The serialized event shape both back ends agree on (lib/events/serialize.ts's output). */
export type TAkqlEvent = {
  pk: string;
  action: string;
  app: string;
  client_ip: string | null;
  created: string;
  user: Record<string, unknown>;
  brand: Record<string, unknown>;
  context: Record<string, unknown>;
};

/** Canonical text of an IP address (as PostgreSQL's host(inet) prints it), or null when it is not one. */
export function canonicalIp(text: string): string | null {
  const kind = isIP(text);
  if (kind === 4)
    return text
      .split(".")
      .map((part) => String(Number(part)))
      .join(".");
  if (kind === 6) {
    try {
      return new URL(`http://[${text}]/`).hostname.slice(1, -1);
    } catch {
      return null;
    }
  }
  return null;
}

export function listOf(node: TAkqlCompare): TAkqlScalar[] {
  return Array.isArray(node.value) ? node.value : [node.value];
}

/** JSON leaves compare as the text PostgreSQL's #>> gives: strings bare, numbers and booleans printed, objects as JSON. */
export function jsonLeafText(leaf: unknown): string | null {
  if (leaf === undefined || leaf === null) return null;
  if (typeof leaf === "string") return leaf;
  if (typeof leaf === "number" || typeof leaf === "boolean") return String(leaf);
  return JSON.stringify(leaf);
}

export function literalText(value: TAkqlScalar): string | null {
  return value === null ? null : String(value);
}
