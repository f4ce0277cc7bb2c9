import { UsersRoundIcon } from "lucide-react";
import { orNotFound, uuidOrNotFound } from "@/app/(admin)/_lib/lookup";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { allGroups, getSerializedGroup } from "@/lib/groups/queries";
import { userChoices } from "@/lib/users/queries";
import { GroupEdit } from "./group-edit";

export const dynamic = "force-dynamic";

export default async function GroupPage({ params }: { params: Promise<{ uuid: string }> }) {
  await requireAdminPage();
  const uuid = uuidOrNotFound((await params).uuid);
  const db = await getDb();
  const group = await orNotFound(getSerializedGroup(db, uuid));
  const [groups, users] = await Promise.all([allGroups(db), userChoices(db)]);
  return (
    <>
      <PageHeader
        icon={<UsersRoundIcon />}
        title={group.name}
        description={`${group.users.length} direct member${group.users.length === 1 ? "" : "s"}${group.parent_name ? ` · child of ${group.parent_name}` : ""}`}
      />
      <GroupEdit
        group={group}
        groups={groups
          .filter((other) => other.uuid !== group.pk)
          .map((other) => ({ value: other.uuid, label: other.name }))}
        users={users.map((user) => ({
          value: String(user.id),
          label: user.username,
          description: user.name || user.email,
        }))}
      />
    </>
  );
}
