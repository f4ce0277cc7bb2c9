"use client";

import { UserMinusIcon, UserPlusIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { DeleteCard } from "@/components/forms/delete-card";
import { FormErrors } from "@/components/forms/field";
import { MultiSelect, type TPickOption } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TSerializedGroup } from "@/lib/groups/serialize";
import { addMemberAction, deleteGroupAction, removeMemberAction, updateGroupAction } from "../actions";
import { GroupFields, type TGroupFormValues } from "../group-dialogs";

export function GroupEdit({
  group,
  groups,
  users,
}: {
  group: TSerializedGroup;
  groups: TPickOption[];
  users: TPickOption[];
}) {
  const router = useRouter();
  const initial: TGroupFormValues = { name: group.name, parent: group.parents, is_superuser: group.is_superuser };
  const [values, setValues] = React.useState(initial);
  const [adding, setAdding] = React.useState<string[]>([]);
  const save = useAction(updateGroupAction, { success: "Changes saved." });
  const add = useAction(addMemberAction);
  const remove = useAction(removeMemberAction, { success: "Member removed." });
  const destroy = useAction(deleteGroupAction, {
    success: `Group ${group.name} deleted.`,
    refresh: false,
    onSuccess: () => router.push("/directory/groups"),
  });
  const candidates = users.filter((user) => !group.users.includes(Number(user.value)));

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <Card className="lg:col-span-3">
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            Direct members. Rules that notify this group also reach members of its child groups.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <form
            className="flex flex-wrap items-start gap-2"
            onSubmit={async (event) => {
              event.preventDefault();
              for (const user of adding) await add.run({ uuid: group.pk, user: Number(user) });
              setAdding([]);
            }}
          >
            <div className="min-w-64 flex-1">
              <MultiSelect
                id="add-members"
                options={candidates}
                value={adding}
                onChange={setAdding}
                placeholder="Pick users to add…"
              />
            </div>
            <Button type="submit" disabled={adding.length === 0 || add.pending}>
              <UserPlusIcon /> Add {adding.length > 1 ? `${adding.length} members` : "member"}
            </Button>
          </form>
          {group.users_obj && group.users_obj.length > 0 ? (
            <Table aria-label="Members">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>User</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="w-10" />
                </TableRow>
              </TableHeader>
              <TableBody>
                {group.users_obj.map((user) => (
                  <TableRow key={user.pk}>
                    <TableCell>
                      <Link href={`/directory/users/${user.pk}`} className="font-medium hover:underline">
                        {user.username}
                      </Link>
                    </TableCell>
                    <TableCell>{user.email || <span className="text-muted-foreground">—</span>}</TableCell>
                    <TableCell>
                      <StatusBadge tone={user.is_active ? "success" : "secondary"}>
                        {user.is_active ? "Active" : "Inactive"}
                      </StatusBadge>
                    </TableCell>
                    <TableCell>
                      <Button
                        variant="ghost"
                        size="icon"
                        className="size-8"
                        aria-label={`Remove ${user.username}`}
                        onClick={() => remove.run({ uuid: group.pk, user: user.pk })}
                      >
                        <UserMinusIcon />
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <EmptyState title="No members" description="Add users above." />
          )}
        </CardContent>
      </Card>
      <div className="grid content-start gap-6 lg:col-span-2">
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
          </CardHeader>
          <CardContent>
            <form
              className="grid gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                void save.run({
                  uuid: group.pk,
                  name: values.name,
                  is_superuser: values.is_superuser,
                  parents: values.parent,
                });
              }}
            >
              <GroupFields
                values={values}
                onChange={(patch) => setValues((current) => ({ ...current, ...patch }))}
                errors={save.fieldErrors}
                groups={groups}
              />
              <FormErrors errors={save.fieldErrors.non_field_errors} />
              <div className="flex justify-end">
                <Button type="submit" disabled={save.pending}>
                  {save.pending ? "Saving…" : "Save changes"}
                </Button>
              </div>
            </form>
          </CardContent>
        </Card>
        {group.children_obj && group.children_obj.length > 0 && (
          <Card>
            <CardHeader>
              <CardTitle>Child groups</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-wrap gap-2">
              {group.children_obj.map((child) => (
                <Button key={child.pk} variant="outline" size="sm" asChild>
                  <Link href={`/directory/groups/${child.pk}`}>{child.name}</Link>
                </Button>
              ))}
            </CardContent>
          </Card>
        )}
        <DeleteCard
          title="Delete group"
          description="Members keep their accounts; rules that notified this group lose their destination."
          confirmTitle={`Delete ${group.name}?`}
          confirmDescription="This cannot be undone."
          onConfirm={() => destroy.run({ uuid: group.pk })}
        />
      </div>
    </div>
  );
}
