"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { RowActions } from "@/components/data-table/row-actions";
import { useUsedByDelete } from "@/components/forms/used-by-delete";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import type { TSerializedMapping } from "@/lib/mappings/serialize";
import { deleteMappingAction, mappingUsedByAction } from "../actions";
import { MappingDialog } from "./mapping-dialog";

export function MappingRowActions({ mapping }: { mapping: TSerializedMapping }) {
  const [editing, setEditing] = React.useState(false);
  const deletion = useUsedByDelete({
    uuid: mapping.pk,
    loadUsedBy: mappingUsedByAction,
    remove: deleteMappingAction,
    success: `Mapping ${mapping.name} deleted.`,
    title: `Delete mapping ${mapping.name}?`,
    description: "Transports that use it fall back to the default body / no extra headers.",
    describe: (usedBy) => (
      <p className="text-sm">
        {usedBy.length ? `Used by: ${usedBy.map((entry) => entry.name).join(", ")}` : "No transport uses it."}
      </p>
    ),
  });
  return (
    <>
      <RowActions label={`Actions for ${mapping.name}`}>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={deletion.start}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <MappingDialog open={editing} onOpenChange={setEditing} mapping={mapping} />
      {deletion.dialog}
    </>
  );
}
