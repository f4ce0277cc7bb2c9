import type { TGroup, TUser } from "@/db/schema";

/*
 * A user serializes with its groups and a group with its members, so both partial shapes live here,
 * in the lower of the two domains.
 */
export type TSerializedPartialGroup = {
  pk: string;
  num_pk: number;
  name: string;
  is_superuser: boolean;
  parent: string | null;
  attributes: Record<string, unknown>;
};

/** authentik's PartialGroup (plus `parent`, which older clients read). */
export function serializePartialGroup(group: TGroup): TSerializedPartialGroup {
  return {
    pk: group.uuid,
    num_pk: group.numPk,
    name: group.name,
    is_superuser: group.isSuperuser,
    parent: group.parentUuid,
    attributes: group.attributes ?? {},
  };
}

/** authentik's User serializer shape; roles are not modelled in Herald and are always empty. */
export type TSerializedUser = {
  pk: number;
  username: string;
  name: string;
  is_active: boolean;
  last_login: string | null;
  date_joined: string;
  is_superuser: boolean;
  groups: string[];
  groups_obj: TSerializedPartialGroup[] | null;
  roles: string[];
  roles_obj: never[] | null;
  email: string;
  avatar: string;
  attributes: Record<string, unknown>;
  uid: string;
  path: string;
  type: TUser["type"];
  uuid: string;
  password_change_date: string;
  last_updated: string;
};

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** authentik's `uid`: the user's uuid as 32 hex digits, the same in every shape a user appears in. */
export function userUid(user: Pick<TUser, "uuid">): string {
  return user.uuid.replaceAll("-", "");
}

export function serializeUser(user: TUser, groups: TGroup[], includeGroups = true): TSerializedUser {
  return {
    pk: user.id,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    last_login: iso(user.lastLogin),
    date_joined: new Date(user.dateJoined).toISOString(),
    is_superuser: user.isSuperuser,
    groups: groups.map((group) => group.uuid),
    groups_obj: includeGroups ? groups.map(serializePartialGroup) : null,
    roles: [],
    roles_obj: includeGroups ? [] : null,
    email: user.email,
    avatar: "",
    attributes: user.attributes ?? {},
    uid: userUid(user),
    path: user.path,
    type: user.type,
    uuid: user.uuid,
    password_change_date: new Date(user.passwordChangeDate).toISOString(),
    last_updated: new Date(user.lastUpdated).toISOString(),
  };
}

/** authentik's PartialUser, used for group members and token owners. */
export function serializePartialUser(user: TUser) {
  return {
    pk: user.id,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    last_login: iso(user.lastLogin),
    email: user.email,
    attributes: user.attributes ?? {},
    uid: userUid(user),
  };
}

/** authentik's UserSelf, the `user` of SessionUser (`/core/users/me/`); `isSuperuser` is the effective flag. */
export function serializeUserSelf(user: TUser, groups: TGroup[], isSuperuser: boolean) {
  return {
    pk: user.id,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    is_superuser: isSuperuser,
    is_current: true,
    groups: groups.map((group) => ({ name: group.name, pk: group.uuid })),
    roles: [],
    email: user.email,
    avatar: "",
    uid: userUid(user),
    settings: {},
    type: user.type,
    system_permissions: [],
  };
}

export function userModelRef(user: Pick<TUser, "id" | "username">) {
  return { app: "herald_core", model_name: "user", pk: user.id, name: user.username };
}

/** What the audit log records about a user; the password hash is only ever shown masked. */
export function userAuditSnapshot(user: TUser): Record<string, unknown> {
  return {
    id: user.id,
    uuid: user.uuid,
    username: user.username,
    name: user.name,
    email: user.email,
    is_active: user.isActive,
    is_superuser: user.isSuperuser,
    type: user.type,
    path: user.path,
    attributes: user.attributes,
    password: user.passwordHash ? user.passwordHash : null,
    password_change_date: user.passwordChangeDate,
  };
}
