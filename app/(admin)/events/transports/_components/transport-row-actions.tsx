"use client";

import { FlaskConicalIcon, PencilIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { toast } from "sonner";
import { RowActions } from "@/components/data-table/row-actions";
import { useAction } from "@/components/forms/use-action";
import { useUsedByDelete } from "@/components/forms/used-by-delete";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import type { TSelectOption } from "@/components/ui/select";
import type { TSerializedTransport } from "@/lib/transports/serialize";
import { deleteTransportAction, testTransportAction, transportUsedByAction } from "../actions";
import { TransportDialog } from "./transport-dialog";

export function TransportRowActions({
  transport,
  mappings,
}: {
  transport: TSerializedTransport;
  mappings: TSelectOption[];
}) {
  const [editing, setEditing] = React.useState(false);
  const deletion = useUsedByDelete({
    uuid: transport.pk,
    loadUsedBy: transportUsedByAction,
    remove: deleteTransportAction,
    success: `Transport ${transport.name} deleted.`,
    title: `Delete transport ${transport.name}?`,
    description: "Rules that use it stop sending through it; past deliveries keep their history.",
    describe: (usedBy) =>
      usedBy.length ? (
        <div className="text-sm">
          <p className="font-medium">Used by {usedBy.length} rule(s):</p>
          <ul className="ml-5 list-disc">
            {usedBy.map((rule) => (
              <li key={rule.name}>{rule.name}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">No rule uses this transport.</p>
      ),
  });
  const test = useAction(testTransportAction, {
    refresh: false,
    onSuccess: (result) => {
      if (result.ok) toast.success(`Test ${result.status}: ${result.detail}`);
      else toast.error(`Test failed: ${result.detail}`);
    },
  });
  return (
    <>
      <RowActions label={`Actions for ${transport.name}`}>
        <DropdownMenuItem onSelect={() => void test.run({ uuid: transport.pk })}>
          <FlaskConicalIcon /> Test
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={deletion.start}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <TransportDialog open={editing} onOpenChange={setEditing} transport={transport} mappings={mappings} />
      {deletion.dialog}
    </>
  );
}
