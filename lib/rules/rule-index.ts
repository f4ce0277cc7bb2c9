/**
 * Exported API (dispatch asks it once per batch of events):
 *   currentRuleIndex(db) → the enabled rules with their enabled bindings and transports, in memory.
 *     index.candidatesFor(event) → rules that COULD fire for the event, by name
 *     index.bindingsOf(rule) / index.transportsOf(rule)
 *     index.isBoundPolicy(uuid) → whether any binding uses the policy (the loop guard)
 *
 * Rules change rarely and are read for every event, so the index is loaded once and kept until the
 * `rule_index_version` row moves (statement triggers on every table it holds bump it; migration
 * 0004; the version is qualified by a random id per database). Checking the version is one tiny query per batch instead of the three (candidate rules,
 * their bindings, their transports) planning needed before; every process, worker or server, sees
 * a committed change on its next batch.
 *
 * A rule is a candidate when one of its enabled bindings is not a non-negated event matcher that
 * contradicts the event: group/user bindings, negated bindings, expression policies, and matchers
 * whose set fields all equal the event's. Matchers are indexed by their most specific set field
 * (action, else app, else model, else client IP), so finding candidates is a few map lookups and
 * the cost per event does not grow with rules for other actions.
 */
import { asc, eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { rules, ruleTransports, type TEvent, type TRule, type TTransport, transports } from "@/db/schema";
import { normalizeIp } from "@/lib/net/client-ip";
import { eventModelKey } from "@/lib/policies/event-matcher";
import { selectBindingRows, type TRuleBinding, toRuleBinding } from "./rule-bindings";

type TCandidateKeys = { action: string; app: string; model: string | null; ip: string | null };
type TMatcherEntry = {
  rule: string;
  action: string | null;
  app: string | null;
  model: string | null;
  ip: string | null;
};

export type TRuleIndex = {
  version: string;
  candidatesFor(event: Pick<TEvent, "action" | "app" | "context" | "clientIp">): TRule[];
  bindingsOf(rule: string): TRuleBinding[];
  transportsOf(rule: string): TTransport[];
  /** A transport linked to an enabled rule, by uuid (others are not held). */
  transport(uuid: string): TTransport | undefined;
  isBoundPolicy(policyUuid: string): boolean;
};

function candidateKeys(event: Pick<TEvent, "action" | "app" | "context" | "clientIp">): TCandidateKeys {
  return { action: event.action, app: event.app, model: eventModelKey(event.context), ip: normalizeIp(event.clientIp) };
}

type TIndexLoad = { db: DbOrTx; version: string | undefined; promise: Promise<TRuleIndex> };
type TIndexState = { heraldRuleIndex?: TRuleIndex; heraldRuleIndexLoad?: TIndexLoad };
const store = globalThis as unknown as TIndexState;

/** The current version as a column expression, so a caller's own query can carry it (see currentRuleIndex). */
export const ruleIndexVersionColumn = sql<string>`(select instance::text || ':' || version::text from rule_index_version where id = 1)`;

/**
 * The index as of the database's current rule_index_version, reloaded only when that moved.
 * `knownVersion`: the version a query of the caller just read (ruleIndexVersionColumn), which
 * spares the version check its own round trip.
 */
export async function currentRuleIndex(db: DbOrTx, knownVersion?: string): Promise<TRuleIndex> {
  const version =
    knownVersion ??
    rowsOf<{ version: string }>(await db.execute(sql`select ${ruleIndexVersionColumn} as version`))[0]?.version;
  const cached = store.heraldRuleIndex;
  if (cached && cached.version === version) return cached;
  // Callers that find the index stale at the same version (a dispatch batch and delivery claims
  // after a rule change) share one load. Only through the same handle: a caller inside a
  // transaction must not wait for a load that needs another connection (PGlite has one).
  const pending = store.heraldRuleIndexLoad;
  if (pending && pending.db === db && pending.version === version) return pending.promise;
  const load: TIndexLoad = {
    db,
    version,
    promise: loadRuleIndex(db)
      .then((loaded) => (store.heraldRuleIndex = loaded))
      .finally(() => {
        if (store.heraldRuleIndexLoad === load) store.heraldRuleIndexLoad = undefined;
      }),
  };
  store.heraldRuleIndexLoad = load;
  return load.promise;
}

/** Reads everything in one snapshot (repeatable read), with the version it belongs to. */
async function loadRuleIndex(db: DbOrTx): Promise<TRuleIndex> {
  return db.transaction(
    async (tx) => {
      const [{ version }] = rowsOf<{ version: string }>(
        await tx.execute(sql`select ${ruleIndexVersionColumn} as version`),
      );
      const enabledRules = await tx.select().from(rules).where(eq(rules.enabled, true)).orderBy(asc(rules.name));
      const bindingRows = await selectBindingRows(tx);
      const links = await tx
        .select({ rule: ruleTransports.rule, transport: transports })
        .from(ruleTransports)
        .innerJoin(transports, eq(transports.uuid, ruleTransports.transport));
      return buildRuleIndex(version, enabledRules, bindingRows, links);
    },
    { isolationLevel: "repeatable read" },
  );
}

/** Builds the in-memory index from loaded rows. */
function buildRuleIndex(
  version: string,
  enabledRules: TRule[],
  bindingRows: Awaited<ReturnType<typeof selectBindingRows>>,
  links: { rule: string; transport: TTransport }[],
): TRuleIndex {
  const byUuid = new Map(enabledRules.map((rule) => [rule.pbmUuid, rule]));
  const position = new Map(enabledRules.map((rule, index) => [rule.pbmUuid, index]));
  const boundPolicies = new Set<string>();
  const bindings = new Map<string, TRuleBinding[]>();
  /** Rules that are candidates for every event (group/user/negated bindings, expression policies). */
  const always = new Set<string>();
  const byAction = new Map<string, TMatcherEntry[]>();
  const byApp = new Map<string, TMatcherEntry[]>();
  const byModel = new Map<string, TMatcherEntry[]>();
  const byIp = new Map<string, TMatcherEntry[]>();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const row of bindingRows) {
    const { binding, policy } = row;
    // Every binding counts for the loop guard, also disabled ones and those of disabled rules.
    if (binding.policy) boundPolicies.add(binding.policy);
    if (!binding.enabled || !byUuid.has(binding.target)) continue;
    push(bindings, binding.target, toRuleBinding(row));
    if (!policy || binding.negate || policy.kind !== "event_matcher") {
      always.add(binding.target);
      continue;
    }
    const entry = {
      rule: binding.target,
      action: policy.matchAction,
      app: policy.matchApp,
      model: policy.matchModel,
      ip: policy.matchClientIp,
    };
    if (entry.action !== null) push(byAction, entry.action, entry);
    else if (entry.app !== null) push(byApp, entry.app, entry);
    else if (entry.model !== null) push(byModel, entry.model, entry);
    else if (entry.ip !== null) push(byIp, entry.ip, entry);
    // A matcher with no criteria matches nothing (validation forbids it; old rows may have one).
  }

  const transportsByRule = new Map<string, TTransport[]>();
  const transportById = new Map<string, TTransport>();
  for (const { rule, transport } of links) {
    if (!byUuid.has(rule)) continue;
    push(transportsByRule, rule, transport);
    transportById.set(transport.uuid, transport);
  }

  const matches = (entry: TMatcherEntry, keys: TCandidateKeys) =>
    (entry.action === null || entry.action === keys.action) &&
    (entry.app === null || entry.app === keys.app) &&
    (entry.model === null || entry.model === keys.model) &&
    (entry.ip === null || entry.ip === keys.ip);

  return {
    version,
    candidatesFor(event) {
      const keys = candidateKeys(event);
      const found = new Set(always);
      const lookups = [
        byAction.get(keys.action),
        byApp.get(keys.app),
        keys.model === null ? undefined : byModel.get(keys.model),
        keys.ip === null ? undefined : byIp.get(keys.ip),
      ];
      for (const entries of lookups) for (const entry of entries ?? []) if (matches(entry, keys)) found.add(entry.rule);
      return [...found]
        .sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))
        .map((uuid) => byUuid.get(uuid) as TRule);
    },
    bindingsOf: (rule) => bindings.get(rule) ?? [],
    transportsOf: (rule) => transportsByRule.get(rule) ?? [],
    transport: (uuid) => transportById.get(uuid),
    isBoundPolicy: (policyUuid) => boundPolicies.has(policyUuid.toLowerCase()),
  };
}
