import type { TGroup } from "@/db/schema";

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
