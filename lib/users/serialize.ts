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
    uid: user.uuid.replaceAll("-", ""),
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
    uid: user.uuid.replaceAll("-", ""),
  };
}
