import { UsersIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { allGroups } from "@/lib/groups/queries";
import { listUsers } from "@/lib/users/queries";
import { USER_LIST_ARRAY_KEYS, ZUserListQuery } from "@/lib/users/validation";
import { CreateServiceAccountButton } from "./service-account-dialog";
import { CreateUserButton } from "./user-dialogs";
import { UsersTable } from "./users-table";

export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZUserListQuery, await searchParams, USER_LIST_ARRAY_KEYS);
  const db = await getDb();
  const [page, groups] = await Promise.all([
    listUsers(db, { ...query, page_size: Math.min(query.page_size, 100) }),
    allGroups(db),
  ]);
  const groupOptions = groups.map((group) => ({ value: group.uuid, label: group.name }));
  return (
    <>
      <PageHeader
        icon={<UsersIcon />}
        title="Users"
        description="People and service accounts that can sign in, receive notifications or own API tokens."
        actions={
          <div className="flex gap-2">
            <CreateServiceAccountButton />
            <CreateUserButton groups={groupOptions} />
          </div>
        }
      />
      <UsersTable data={page.results} pagination={page.pagination} pageSize={Math.min(query.page_size, 100)} />
    </>
  );
}
