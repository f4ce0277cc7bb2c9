"use client";

import { MailIcon, MailOpenIcon, Trash2Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";

/** Select-all for the loaded rows and the actions on the selection (one bulk request each). */
export function BulkBar({
  loaded,
  selected,
  onSelectAll,
  onMarkRead,
  onMarkUnread,
  onDelete,
}: {
  loaded: number;
  selected: number;
  onSelectAll: (all: boolean) => void;
  onMarkRead: () => void;
  onMarkUnread: () => void;
  onDelete: () => void;
}) {
  const all = loaded > 0 && selected === loaded;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b px-4 py-2 text-sm" role="toolbar" aria-label="Selection">
      <Checkbox
        checked={all ? true : selected > 0 ? "indeterminate" : false}
        onCheckedChange={() => onSelectAll(!all)}
        aria-label="Select all loaded notifications"
        disabled={loaded === 0}
      />
      <span className="text-muted-foreground" aria-live="polite">
        {selected ? `${selected} selected` : `${loaded} shown`}
      </span>
      <div className="ml-auto flex flex-wrap gap-2">
        <Button size="sm" variant="outline" disabled={!selected} onClick={onMarkRead}>
          <MailOpenIcon /> Mark read
        </Button>
        <Button size="sm" variant="outline" disabled={!selected} onClick={onMarkUnread}>
          <MailIcon /> Mark unread
        </Button>
        <Button size="sm" variant="outline" disabled={!selected} onClick={onDelete}>
          <Trash2Icon /> Delete
        </Button>
      </div>
    </div>
  );
}
