import { ScrollTextIcon, ShieldCheckIcon, UserIcon } from "lucide-react";
import Link from "next/link";
import { integerIdOrNotFound, orNotFound } from "@/app/(admin)/_lib/lookup";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { allGroups } from "@/lib/groups/queries";
import { getSerializedUser } from "@/lib/users/queries";
import { UserEdit } from "./user-edit";

export const dynamic = "force-dynamic";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireAdminPage();
  const id = integerIdOrNotFound((await params).id);
  const db = await getDb();
  const user = await orNotFound(getSerializedUser(db, id));
  const groups = (await allGroups(db)).map((group) => ({ value: group.uuid, label: group.name }));
  return (
    <>
      <PageHeader
        icon={<UserIcon />}
        title={user.username}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {user.name && <span>{user.name}</span>}
            <StatusBadge tone={user.is_active ? "success" : "secondary"}>
              {user.is_active ? "Active" : "Inactive"}
            </StatusBadge>
            {user.is_superuser && (
              <Badge>
                <ShieldCheckIcon /> Superuser
              </Badge>
            )}
          </span>
        }
        actions={
          <Button variant="outline" asChild>
            <Link href={`/events?username=${encodeURIComponent(user.username)}`}>
              <ScrollTextIcon /> Events of this user
            </Link>
          </Button>
        }
      />
      <UserEdit user={user} groups={groups} isSelf={user.pk === actor.userId} />
    </>
  );
}
