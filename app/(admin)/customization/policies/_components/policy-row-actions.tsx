"use client";

import { FlaskConicalIcon, PencilIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { RowActions } from "@/components/data-table/row-actions";
import { useUsedByDelete } from "@/components/forms/used-by-delete";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import type { TSerializedPolicy } from "@/lib/policies/serialize";
import { deletePolicyAction, policyUsedByAction } from "../actions";
import { PolicyDialog } from "./policy-dialog";
import type { TPolicyPageContext } from "./policy-page-context";
import { PolicyTestDialog } from "./policy-test-dialog";

export function PolicyRowActions({ policy, context }: { policy: TSerializedPolicy; context: TPolicyPageContext }) {
  const [editing, setEditing] = React.useState(false);
  const [testing, setTesting] = React.useState(false);
  const deletion = useUsedByDelete({
    uuid: policy.pk,
    loadUsedBy: policyUsedByAction,
    remove: deletePolicyAction,
    success: `Policy ${policy.name} deleted.`,
    title: `Delete policy ${policy.name}?`,
    description: "Its bindings are deleted with it.",
    describe: (usedBy) =>
      usedBy.length ? (
        <p className="text-sm">Bound to: {usedBy.map((entry) => entry.name).join(", ")}</p>
      ) : (
        <p className="text-sm text-muted-foreground">Not bound to any rule.</p>
      ),
  });
  return (
    <>
      <RowActions label={`Actions for ${policy.name}`}>
        <DropdownMenuItem onSelect={() => setTesting(true)}>
          <FlaskConicalIcon /> Test
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={deletion.start}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <PolicyDialog open={editing} onOpenChange={setEditing} policy={policy} context={context} />
      <PolicyTestDialog open={testing} onOpenChange={setTesting} policy={policy} context={context} />
      {deletion.dialog}
    </>
  );
}
