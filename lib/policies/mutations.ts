import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { policies, type TNewPolicy, type TPolicy, type TPolicyKind } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { checkExpressionSyntax } from "@/lib/sandbox/run-expression";
import { EXPRESSION_POLICY_GLOBALS } from "./evaluate-policy";
import { hasCriteria } from "./event-matcher";
import { findPolicy } from "./queries";
import { policyAuditSnapshot, policyModelRef } from "./serialize";
import type { TExpressionPatch, TMatcherPatch } from "./validation";

/**
 * Create / update / delete for both policy kinds. Each change and its model_* audit event commit
 * in one transaction. `input` is already zod-validated (validation.ts); rules that need the merged
 * state (at least one matcher criterion) or the sandbox (expression compiles) are checked here.
 */
const APP = "herald.policies";
const DUPLICATE = "policy with this name already exists.";

export type TPolicyInput =
  | { kind: "event_matcher"; fields: TMatcherPatch }
  | { kind: "expression"; fields: TExpressionPatch };

function columnsOf(input: TPolicyInput): Partial<TNewPolicy> {
  const f = input.fields as TMatcherPatch & TExpressionPatch;
  return {
    ...(f.name !== undefined && { name: f.name }),
    ...(f.execution_logging !== undefined && { executionLogging: f.execution_logging }),
    ...(input.kind === "event_matcher"
      ? {
          ...(f.action !== undefined && { matchAction: f.action }),
          ...(f.client_ip !== undefined && { matchClientIp: f.client_ip }),
          ...(f.app !== undefined && { matchApp: f.app }),
          ...(f.model !== undefined && { matchModel: f.model }),
        }
      : { ...(f.expression !== undefined && { expression: f.expression }) }),
  };
}

async function assertValid(kind: TPolicyKind, merged: Partial<TNewPolicy>): Promise<void> {
  if (kind === "event_matcher") {
    const criteria = {
      action: merged.matchAction ?? null,
      clientIp: merged.matchClientIp ?? null,
      app: merged.matchApp ?? null,
      model: merged.matchModel ?? null,
    };
    if (!hasCriteria(criteria)) throw AppError.field("non_field_errors", "At least one criteria must be set.");
    return;
  }
  const error = await checkExpressionSyntax(merged.expression ?? "", [...EXPRESSION_POLICY_GLOBALS]);
  if (error) throw AppError.field("expression", error);
}

export async function createPolicy(db: Db, actor: TActor, input: TPolicyInput): Promise<TPolicy> {
  const values = { kind: input.kind, ...columnsOf(input) } as TNewPolicy;
  await assertValid(input.kind, values);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const [policy] = await tx.insert(policies).values(values).returning();
      await recordAudit(tx, {
        kind: "created",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: policyModelRef(policy),
        after: policyAuditSnapshot(policy),
      });
      return policy;
    }),
  );
}

export async function updatePolicy(db: Db, actor: TActor, uuid: string, input: TPolicyInput): Promise<TPolicy> {
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findPolicy(tx, uuid, input.kind);
      const changes = columnsOf(input);
      await assertValid(input.kind, { ...before, ...changes });
      const [after] = await tx
        .update(policies)
        .set({ ...changes, lastUpdated: new Date() })
        .where(eq(policies.policyUuid, uuid))
        .returning();
      await recordAudit(tx, {
        kind: "updated",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: policyModelRef(after),
        before: policyAuditSnapshot(before),
        after: policyAuditSnapshot(after),
      });
      return after;
    }),
  );
}

/** Bindings go with the policy (ON DELETE CASCADE), as authentik's used_by announces. */
export async function deletePolicy(db: Db, actor: TActor, uuid: string, kind?: TPolicyKind): Promise<void> {
  await db.transaction(async (tx) => {
    const policy = await findPolicy(tx, uuid, kind);
    await tx.delete(policies).where(eq(policies.policyUuid, uuid));
    await recordAudit(tx, {
      kind: "deleted",
      app: APP,
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: policyModelRef(policy),
      before: policyAuditSnapshot(policy),
    });
  });
}
