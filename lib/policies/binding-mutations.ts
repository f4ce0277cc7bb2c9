import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groups, policies, policyBindings, rules, type TPolicyBinding, users } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { findBinding } from "./binding-queries";
import { bindingAuditSnapshot, bindingLabel, bindingModelRef } from "./binding-serialize";
import type { TBindingPatch } from "./validation";

/** Policy bindings on notification rules: CRUD with authentik's validation and messages. */
const ONLY_ONE = "Only one of 'policy', 'group' or 'user' can be set.";
const ONE_OF = "One of 'policy', 'group' or 'user' must be set.";
const UNIQUE = "The fields policy, target, order must make a unique set.";
const missing = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

type TBindingValues = Omit<TPolicyBinding, "policyBindingUuid" | "created">;

function valuesOf(patch: TBindingPatch, base?: TBindingValues): TBindingValues {
  const pick = <K extends keyof TBindingPatch, T>(key: K, fallback: T) =>
    patch[key] !== undefined ? patch[key] : fallback;
  return {
    target: pick("target", base?.target) as string,
    policy: pick("policy", base?.policy ?? null) as string | null,
    group: pick("group", base?.group ?? null) as string | null,
    user: pick("user", base?.user ?? null) as number | null,
    negate: pick("negate", base?.negate ?? false) as boolean,
    enabled: pick("enabled", base?.enabled ?? true) as boolean,
    order: pick("order", base?.order) as number,
    timeout: pick("timeout", base?.timeout ?? 30) as number,
    failureResult: pick("failure_result", base?.failureResult ?? false) as boolean,
  };
}

/** Names of the target rule and of the bound policy/group/user (undefined when a row is missing). */
async function namesOf(db: DbOrTx, values: TBindingValues): Promise<{ rule?: string; subject?: string }> {
  const [rule] = await db.select({ name: rules.name }).from(rules).where(eq(rules.pbmUuid, values.target));
  let subject: { n: string } | undefined;
  if (values.policy)
    [subject] = await db.select({ n: policies.name }).from(policies).where(eq(policies.policyUuid, values.policy));
  else if (values.group)
    [subject] = await db.select({ n: groups.name }).from(groups).where(eq(groups.uuid, values.group));
  else if (values.user !== null)
    [subject] = await db.select({ n: users.username }).from(users).where(eq(users.id, values.user));
  return { rule: rule?.name, subject: subject?.n };
}

/** Checks the subject rule and that every referenced row exists; returns the binding's label. */
async function validate(db: DbOrTx, values: TBindingValues): Promise<string> {
  const subjects = (["policy", "group", "user"] as const).filter((key) => values[key] !== null);
  if (subjects.length !== 1) {
    const fields = subjects.length ? subjects : (["policy", "group", "user"] as const);
    const message = subjects.length ? ONLY_ONE : ONE_OF;
    throw AppError.validation(
      Object.fromEntries([["non_field_errors", [message]], ...fields.map((f) => [f, [message]])]),
    );
  }
  const names = await namesOf(db, values);
  if (names.rule === undefined) throw AppError.field("target", missing(values.target));
  if (names.subject === undefined) throw AppError.field(subjects[0], missing(values[subjects[0]]));
  return bindingLabel(names.rule, values.order, names.subject);
}

async function uniqueSet<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.validation({ non_field_errors: [UNIQUE], order: [UNIQUE] });
    throw error;
  }
}

export async function createBinding(db: Db, actor: TActor, input: TBindingPatch): Promise<TPolicyBinding> {
  const values = valuesOf(input);
  return uniqueSet(() =>
    db.transaction(async (tx) => {
      const label = await validate(tx, values);
      const [row] = await tx.insert(policyBindings).values(values).returning();
      const model = bindingModelRef(row, label);
      await recordAudit(tx, {
        kind: "created",
        app: "herald.policies",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model,
        after: bindingAuditSnapshot(row),
      });
      return row;
    }),
  );
}

/** PUT (`replace`) sets every field from the body and defaults; PATCH merges into the stored row. */
export async function updateBinding(
  db: Db,
  actor: TActor,
  uuid: string,
  patch: TBindingPatch,
  replace = false,
): Promise<TPolicyBinding> {
  return uniqueSet(() =>
    db.transaction(async (tx) => {
      const before = await findBinding(tx, uuid);
      const values = valuesOf(patch, replace ? undefined : before);
      const label = await validate(tx, values);
      const [after] = await tx
        .update(policyBindings)
        .set(values)
        .where(eq(policyBindings.policyBindingUuid, uuid))
        .returning();
      await recordAudit(tx, {
        kind: "updated",
        app: "herald.policies",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: bindingModelRef(after, label),
        before: bindingAuditSnapshot(before),
        after: bindingAuditSnapshot(after),
      });
      return after;
    }),
  );
}

export async function deleteBinding(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findBinding(tx, uuid);
    await tx.delete(policyBindings).where(eq(policyBindings.policyBindingUuid, uuid));
    const names = await namesOf(tx, row);
    const label = bindingLabel(
      names.rule ?? row.target,
      row.order,
      names.subject ?? String(row.policy ?? row.group ?? row.user),
    );
    await recordAudit(tx, {
      kind: "deleted",
      app: "herald.policies",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: bindingModelRef(row, label),
      before: bindingAuditSnapshot(row),
    });
  });
}
