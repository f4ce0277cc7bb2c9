import type { TGroup } from "@/db/schema";
import type { serializePartialUser, TSerializedPartialGroup } from "@/lib/users/serialize";

/** authentik's Group: users_obj unless the request turns it off, children_obj and parents_obj only when asked for. */
export type TSerializedGroup = TSerializedPartialGroup & {
  parent_name: string | null;
  parents: string[];
  parents_obj: TSerializedPartialGroup[] | null;
  users: number[];
  users_obj: ReturnType<typeof serializePartialUser>[] | null;
  children: string[];
  children_obj: TSerializedPartialGroup[] | null;
  roles: string[];
  roles_obj: never[];
  inherited_roles_obj: never[];
};

export function groupModelRef(group: Pick<TGroup, "uuid" | "name">) {
  return { app: "herald_core", model_name: "group", pk: group.uuid.replaceAll("-", ""), name: group.name };
}

/** What audit events record for a group (diffs are computed over this). */
export function groupAuditSnapshot(group: TGroup): Record<string, unknown> {
  return {
    uuid: group.uuid,
    name: group.name,
    is_superuser: group.isSuperuser,
    parent: group.parentUuid,
    attributes: group.attributes,
  };
}
