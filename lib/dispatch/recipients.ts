import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groupMembers, groups, type TEvent, type TRule, users } from "@/db/schema";
import { eventUserPk } from "@/lib/policies/resolve-user";
import type { TRecipient } from "@/lib/transports/types";
import { effectiveSuperuserColumn } from "@/lib/users/queries";

/** The columns of a recipient, effective superuser included: for any select that has `users` in it. */
export const recipientColumns = {
  id: users.id,
  username: users.username,
  email: users.email,
  name: users.name,
  isSuperuser: effectiveSuperuserColumn,
};

type TRecipientRow = {
  id: number | null;
  username: string | null;
  email: string | null;
  name: string | null;
  isSuperuser: boolean | null;
};

/** A recipient from those columns; null when a left join found no (active) user. */
export function toRecipient(row: TRecipientRow | null | undefined): TRecipient | null {
  if (!row || row.id === null) return null;
  return {
    pk: Number(row.id),
    username: row.username ?? "",
    email: row.email ?? "",
    name: row.name ?? "",
    isSuperuser: Boolean(row.isSuperuser),
  };
}

/**
 * Who a firing rule notifies: the event's user (when the rule says so and they are an active
 * Herald user — never an anonymous placeholder) and the active members of the destination group
 * and of all its descendant groups; each person once, event user first, then by username.
 */
export async function recipientsFor(
  db: DbOrTx,
  rule: Pick<TRule, "destinationGroup" | "destinationEventUser">,
  event: Pick<TEvent, "user">,
): Promise<TRecipient[]> {
  const eventUser = rule.destinationEventUser ? eventUserPk(event.user) : null;
  if (!rule.destinationGroup && eventUser === null) return [];
  const groupMembersQuery = rule.destinationGroup
    ? sql`
      with recursive tree(uuid) as (
        select ${groups.uuid} from ${groups} where ${groups.uuid} = ${rule.destinationGroup}
        union
        select g.uuid from ${groups} g join tree t on g.parent_uuid = t.uuid
      )
      select m.user_id from ${groupMembers} m join tree t on m.group_uuid = t.uuid`
    : sql`select null::integer where false`;
  const isEventUser = sql`${users.id} = ${eventUser ?? -1}`;
  const rows = await db
    .select(recipientColumns)
    .from(users)
    .where(and(eq(users.isActive, true), sql`(${isEventUser} or ${users.id} in (${groupMembersQuery}))`))
    .orderBy(desc(isEventUser), asc(users.username));
  return rows.map((row) => toRecipient(row) as TRecipient);
}
