import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { groupMembers, groups, users } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { groupAuditSnapshot, groupModelRef } from "@/lib/groups/serialize";
import { userAuditSnapshot, userModelRef, userUid } from "@/lib/users/serialize";
import { insertToken } from "./mutations";
import type { TServiceAccountCreate } from "./validation";

/** authentik's path and attributes for service accounts, so its clients recognise them. */
export const SERVICE_ACCOUNT_PATH = "goauthentik.io/service-accounts";
const ATTRIBUTE_SERVICE_ACCOUNT = "goauthentik.io/user/service-account";
const ATTRIBUTE_TOKEN_EXPIRING = "goauthentik.io/user/token-expires";

/** authentik's UserServiceAccountResponse, plus the token's identifier and scopes. */
export type TServiceAccountCreated = {
  username: string;
  token: string;
  user_uid: string;
  user_pk: number;
  group_pk?: string;
  token_identifier: string;
  scopes: string[];
};

/** authentik names the token `slugify("service-account-<name>-password")`. */
function tokenIdentifierFor(username: string): string {
  const slug = username
    .toLowerCase()
    .replace(/[^a-z0-9_\s-]/g, "")
    .replace(/[\s-]+/g, "-");
  return `service-account-${slug}-password`.slice(0, 255);
}

/**
 * Creates a service account (a user that cannot sign in and has no password) with its token, and
 * optionally a group of the same name holding it, in one transaction: either all exist or none.
 * The key is returned once.
 */
export async function createServiceAccount(
  db: Db,
  actor: TActor,
  input: TServiceAccountCreate,
): Promise<TServiceAccountCreated> {
  if (!actor.isSuperuser) throw new AppError("forbidden", "You do not have permission to perform this action.");
  return withUniqueField("name", "A user with that username already exists.", () =>
    db.transaction(async (tx) => {
      const clash = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.username}) = lower(${input.name})`);
      if (clash.length) throw AppError.field("name", "A user with that username already exists.");
      const [user] = await tx
        .insert(users)
        .values({
          username: input.name,
          name: input.name,
          type: "service_account",
          path: SERVICE_ACCOUNT_PATH,
          passwordHash: null,
          attributes: { [ATTRIBUTE_SERVICE_ACCOUNT]: true, [ATTRIBUTE_TOKEN_EXPIRING]: input.expiring },
        })
        .returning();
      await recordAudit(tx, {
        kind: "created",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: userModelRef(user),
        after: userAuditSnapshot(user),
      });
      const { token, key } = await insertToken(tx, actor, {
        identifier: tokenIdentifierFor(user.username),
        intent: "app_password",
        user: user.id,
        description: `Token of the service account ${user.username}`,
        expiring: input.expiring,
        expires: input.expires,
        scopes: input.scopes,
      });
      const created: TServiceAccountCreated = {
        username: user.username,
        token: key,
        user_uid: userUid(user),
        user_pk: user.id,
        token_identifier: token.identifier,
        scopes: token.scopes,
      };
      if (input.create_group) {
        const [existing] = await tx
          .select({ uuid: groups.uuid })
          .from(groups)
          .where(sql`${groups.name} = ${user.username}`);
        if (existing) throw AppError.field("create_group", `A group named ${user.username} already exists.`);
        const [group] = await tx.insert(groups).values({ name: user.username }).returning();
        await tx.insert(groupMembers).values({ groupUuid: group.uuid, userId: user.id });
        await recordAudit(tx, {
          kind: "created",
          actor: actorSnapshot(actor),
          clientIp: actor.clientIp,
          model: groupModelRef(group),
          after: { ...groupAuditSnapshot(group), users: [user.id] },
        });
        created.group_pk = group.uuid;
      }
      return created;
    }),
  );
}
