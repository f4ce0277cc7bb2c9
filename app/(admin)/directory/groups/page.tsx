import { UsersRoundIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { allGroups, listGroups } from "@/lib/groups/queries";
import { GROUP_LIST_ARRAY_KEYS, ZGroupListQuery } from "@/lib/groups/validation";
import { userChoices } from "@/lib/users/queries";
import { CreateGroupButton } from "./group-dialogs";
import { GroupsTable } from "./groups-table";

export const dynamic = "force-dynamic";

export default async function GroupsPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZGroupListQuery, await searchParams, GROUP_LIST_ARRAY_KEYS);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, groups, users] = await Promise.all([
    listGroups(db, { ...query, page_size: pageSize }),
    allGroups(db),
    userChoices(db),
  ]);
  return (
    <>
      <PageHeader
        icon={<UsersRoundIcon />}
        title="Groups"
        description="Groups are notification destinations and can make their members administrators. Members of a child group belong to its parents too."
        actions={
          <CreateGroupButton
            groups={groups.map((group) => ({ value: group.uuid, label: group.name }))}
            users={users.map((user) => ({
              value: String(user.id),
              label: user.username,
              description: user.name || user.email,
            }))}
          />
        }
      />
      <GroupsTable data={page.results} pagination={page.pagination} pageSize={pageSize} />
    </>
  );
}
