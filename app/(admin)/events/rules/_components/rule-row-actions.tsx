"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { RowActions } from "@/components/data-table/row-actions";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useAction } from "@/components/forms/use-action";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import type { TSerializedRule } from "@/lib/rules/serialize";
import { deleteRuleAction } from "../actions";
import type { TRuleChoices } from "./rule-choices";
import { RuleDialog } from "./rule-dialog";

export function RuleRowActions({ rule, choices }: { rule: TSerializedRule; choices: TRuleChoices }) {
  const [editing, setEditing] = React.useState(false);
  const [deleting, setDeleting] = React.useState(false);
  const remove = useAction(deleteRuleAction, { success: `Rule ${rule.name} deleted.` });
  return (
    <>
      <RowActions label={`Actions for ${rule.name}`}>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(true)}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <RuleDialog open={editing} onOpenChange={setEditing} rule={rule} choices={choices} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete rule ${rule.name}?`}
        description={
          `Its ${rule.bindings_count} binding(s) are deleted with it; ` +
          "past notifications and deliveries keep their history."
        }
        onConfirm={() => remove.run({ uuid: rule.pk })}
      />
    </>
  );
}
