import type { DbOrTx } from "@/db/client";
import type { TEventUser, TModelRef } from "@/db/schema";
import { createEvent } from "./create-event";
import { toJsonSafe } from "./json-safe";
import { maskSecrets } from "./mask-secrets";

export type TDiffEntry = { previous_value: unknown; new_value: unknown };
export type TMembershipDiff = { add?: unknown[]; remove?: unknown[]; clear?: true };
export type TDiff = Record<string, TDiffEntry | TMembershipDiff>;

/**
 * Field-by-field difference of two snapshots; only changed fields appear. Values are compared
 * before masking (so a password change shows up) and written masked.
 */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown>): TDiff {
  const rawBefore = (toJsonSafe(before ?? {}) ?? {}) as Record<string, unknown>;
  const rawAfter = (toJsonSafe(after) ?? {}) as Record<string, unknown>;
  const maskedBefore = maskSecrets(rawBefore) as Record<string, unknown>;
  const maskedAfter = maskSecrets(rawAfter) as Record<string, unknown>;
  const diff: TDiff = {};
  for (const key of new Set([...Object.keys(rawBefore), ...Object.keys(rawAfter)])) {
    const changed = !before || JSON.stringify(rawBefore[key] ?? null) !== JSON.stringify(rawAfter[key] ?? null);
    if (changed) {
      diff[key] = { previous_value: before ? (maskedBefore[key] ?? null) : null, new_value: maskedAfter[key] ?? null };
    }
  }
  return diff;
}

export type TAuditInput = {
  actor: TEventUser;
  model: TModelRef;
  clientIp?: string | null;
  app?: string;
} & (
  | { kind: "created"; after: Record<string, unknown> }
  | { kind: "updated"; before: Record<string, unknown>; after: Record<string, unknown> }
  | { kind: "membership"; field: string; change: TMembershipDiff }
  | { kind: "deleted"; before: Record<string, unknown> }
);

/**
 * Writes model_created / model_updated / model_deleted with authentik's context shape. Call it with
 * the transaction that makes the change. An update that changed nothing records nothing.
 */
export async function recordAudit(db: DbOrTx, input: TAuditInput): Promise<void> {
  const base = { app: input.app ?? "herald.core", user: input.actor, clientIp: input.clientIp ?? null };
  switch (input.kind) {
    case "created":
      await createEvent(db, {
        ...base,
        action: "model_created",
        context: { model: input.model, diff: diffSnapshots(null, input.after) },
      });
      return;
    case "updated": {
      const diff = diffSnapshots(input.before, input.after);
      if (Object.keys(diff).length === 0) return;
      await createEvent(db, { ...base, action: "model_updated", context: { model: input.model, diff } });
      return;
    }
    case "membership":
      await createEvent(db, {
        ...base,
        action: "model_updated",
        context: { model: input.model, diff: { [input.field]: input.change } },
      });
      return;
    case "deleted":
      await createEvent(db, {
        ...base,
        action: "model_deleted",
        context: { model: input.model, model_state: maskSecrets(toJsonSafe(input.before)) },
      });
  }
}
