import { likePattern } from "@/lib/api/like";
import { and, asc, count, desc, eq, ilike, inArray, isNull, isNotNull, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groups, policies, policyBindings, rules, users, type TPolicyBinding } from "@/db/schema";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { bindingAuditSnapshot, serializeBindings, type TSerializedBinding } from "./binding-serialize";
import { bindingLabel, bindingModelRef } from "./model-refs";
import type { TBindingListQuery, TBindingPatch } from "./validation";

/** Policy bindings on notification rules: CRUD with authentik's validation and messages. */
const NOT_FOUND = "No PolicyBinding matches the given query.";
const ONLY_ONE = "Only one of 'policy', 'group' or 'user' can be set.";
const ONE_OF = "One of 'policy', 'group' or 'user' must be set.";
const UNIQUE = "The fields policy, target, order must make a unique set.";
const missing = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

type TBindingValues = Omit<TPolicyBinding, "policyBindingUuid" | "created">;

export async function findBinding(db: DbOrTx, uuid: string): Promise<TPolicyBinding> {
  const [row] = await db.select().from(policyBindings).where(eq(policyBindings.policyBindingUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

function valuesOf(patch: TBindingPatch, base?: TBindingValues): TBindingValues {
  const pick = <K extends keyof TBindingPatch, T>(key: K, fallback: T) => (patch[key] !== undefined ? patch[key] : fallback);
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
  if (values.policy) [subject] = await db.select({ n: policies.name }).from(policies).where(eq(policies.policyUuid, values.policy));
  else if (values.group) [subject] = await db.select({ n: groups.name }).from(groups).where(eq(groups.uuid, values.group));
  else if (values.user !== null) [subject] = await db.select({ n: users.username }).from(users).where(eq(users.id, values.user));
  return { rule: rule?.name, subject: subject?.n };
}

/** Checks the subject rule and that every referenced row exists; returns the binding's label. */
async function validate(db: DbOrTx, values: TBindingValues): Promise<string> {
  const subjects = (["policy", "group", "user"] as const).filter((key) => values[key] !== null);
  if (subjects.length !== 1) {
    const fields = subjects.length ? subjects : (["policy", "group", "user"] as const);
    const message = subjects.length ? ONLY_ONE : ONE_OF;
    throw AppError.validation(Object.fromEntries([["non_field_errors", [message]], ...fields.map((f) => [f, [message]])]));
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
      await recordAudit(tx, { kind: "created", app: "herald.policies", actor: actorSnapshot(actor), clientIp: actor.clientIp, model, after: bindingAuditSnapshot(row) });
      return row;
    }),
  );
}

/** PUT (`replace`) sets every field from the body and defaults; PATCH merges into the stored row. */
export async function updateBinding(db: Db, actor: TActor, uuid: string, patch: TBindingPatch, replace = false): Promise<TPolicyBinding> {
  return uniqueSet(() =>
    db.transaction(async (tx) => {
      const before = await findBinding(tx, uuid);
      const values = valuesOf(patch, replace ? undefined : before);
      const label = await validate(tx, values);
      const [after] = await tx.update(policyBindings).set(values).where(eq(policyBindings.policyBindingUuid, uuid)).returning();
      await recordAudit(tx, {
        kind: "updated", app: "herald.policies", actor: actorSnapshot(actor), clientIp: actor.clientIp,
        model: bindingModelRef(after, label), before: bindingAuditSnapshot(before), after: bindingAuditSnapshot(after),
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
    const label = bindingLabel(names.rule ?? row.target, row.order, names.subject ?? String(row.policy ?? row.group ?? row.user));
    await recordAudit(tx, { kind: "deleted", app: "herald.policies", actor: actorSnapshot(actor), clientIp: actor.clientIp, model: bindingModelRef(row, label), before: bindingAuditSnapshot(row) });
  });
}

const ORDERABLE = { order: policyBindings.order, target: policyBindings.target, timeout: policyBindings.timeout, pk: policyBindings.policyBindingUuid } as const;

function orderBy(ordering: string | undefined): SQL[] {
  const fields = (ordering ?? "").split(",").map((f) => f.trim()).filter((f) => f.replace(/^-/, "") in ORDERABLE);
  if (fields.length === 0) return [asc(policyBindings.target), asc(policyBindings.order), asc(policyBindings.policyBindingUuid)];
  const keys = fields.map((f) => (f.startsWith("-") ? desc : asc)(ORDERABLE[f.replace(/^-/, "") as keyof typeof ORDERABLE]));
  return [...keys, asc(policyBindings.policyBindingUuid)];
}

export async function listBindings(db: DbOrTx, query: TBindingListQuery): Promise<TPaginated<TSerializedBinding>> {
  const where = and(
    query.target ? eq(policyBindings.target, query.target) : undefined,
    query.target_in?.length ? inArray(policyBindings.target, query.target_in) : undefined,
    query.policy ? eq(policyBindings.policy, query.policy) : undefined,
    query.policy__isnull === true ? isNull(policyBindings.policy) : query.policy__isnull === false ? isNotNull(policyBindings.policy) : undefined,
    query.enabled !== undefined ? eq(policyBindings.enabled, query.enabled) : undefined,
    query.order !== undefined ? eq(policyBindings.order, query.order) : undefined,
    query.timeout !== undefined ? eq(policyBindings.timeout, query.timeout) : undefined,
    query.search ? ilike(policies.name, likePattern(query.search)) : undefined,
  );
  const base = () => db.select().from(policyBindings).leftJoin(policies, eq(policies.policyUuid, policyBindings.policy));
  const [{ total }] = await db
    .select({ total: count() })
    .from(policyBindings)
    .leftJoin(policies, eq(policies.policyUuid, policyBindings.policy))
    .where(where);
  const rows = await base().where(where).orderBy(...orderBy(query.ordering)).limit(query.page_size).offset(offsetOf(query));
  return paginate(query, Number(total), await serializeBindings(db, rows.map((row) => row.policy_bindings)));
}

export async function getSerializedBinding(db: DbOrTx, uuid: string): Promise<TSerializedBinding> {
  const [serialized] = await serializeBindings(db, [await findBinding(db, uuid)]);
  return serialized;
}
