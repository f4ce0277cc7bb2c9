import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { groupMembers, groups, users, type TEvent, type TRule } from "@/db/schema";
import type { TRecipient } from "@/lib/transports/types";
import { eventUserPk } from "@/lib/policies/resolve-user";
import { superuserViaGroups } from "@/lib/users/queries";

type TRecipientRow = { id: number; username: string; email: string; name: string; is_superuser: boolean };

/** The columns of a recipient (alias `u` for users), effective superuser included. */
const RECIPIENT_COLUMNS = sql`u.id, u.username, u.email, u.name, (u.is_superuser or ${superuserViaGroups(sql`u.id`)}) as is_superuser`;

function toRecipient(row: TRecipientRow): TRecipient {
  return { pk: Number(row.id), username: row.username, email: row.email ?? "", name: row.name ?? "", isSuperuser: Boolean(row.is_superuser) };
}

/**
 * Who a firing rule notifies: the event's user (when the rule says so and they are an active
 * Herald user — never an anonymous placeholder) and the active members of the destination group
 * and of all its descendant groups; each person once, event user first, then by username.
 */
export async function recipientsFor(db: DbOrTx, rule: Pick<TRule, "destinationGroup" | "destinationEventUser">, event: Pick<TEvent, "user">): Promise<TRecipient[]> {
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
  const rows = rowsOf<TRecipientRow>(
    await db.execute(sql`
      select ${RECIPIENT_COLUMNS}
        from ${users} u
       where u.is_active
         and (u.id = ${eventUser ?? -1} or u.id in (${groupMembersQuery}))
       order by (u.id = ${eventUser ?? -1}) desc, u.username`),
  );
  return rows.map(toRecipient);
}
