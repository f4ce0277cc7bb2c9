import { MinusIcon, PlusIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { diffRows, formatDiffValue, type TDiffRow } from "@/lib/events/diff-view";

const ROW_STYLE = {
  added: "bg-success/8",
  removed: "bg-destructive/8",
  changed: "bg-warning/8",
} as const;

const KIND_LABEL = { added: "added", removed: "removed", changed: "changed" } as const;

function Value({ value, tone }: { value: unknown; tone: "old" | "new" }) {
  const text = formatDiffValue(value);
  const empty = value === null || value === undefined;
  return (
    <code
      className={cn(
        "block whitespace-pre-wrap break-all rounded px-1.5 py-0.5 font-mono text-xs",
        empty
          ? "text-muted-foreground"
          : tone === "old"
            ? "bg-destructive/10 text-destructive line-through decoration-destructive/40"
            : "bg-success/10 text-success",
      )}
    >
      {text}
    </code>
  );
}

function MembershipCell({ row }: { row: Extract<TDiffRow, { kind: "membership" }> }) {
  return (
    <div className="flex flex-wrap gap-1.5">
      {row.clear && <Badge variant="destructive">Cleared</Badge>}
      {row.add.map((item) => (
        <Badge key={`add-${String(item)}`} variant="success">
          <PlusIcon /> {String(item)}
        </Badge>
      ))}
      {row.remove.map((item) => (
        <Badge key={`remove-${String(item)}`} variant="destructive">
          <MinusIcon /> {String(item)}
        </Badge>
      ))}
    </div>
  );
}

/** Side-by-side audit diff: field, previous value, new value; nested JSON expanded per key. */
export function DiffTable({ diff }: { diff: unknown }) {
  const rows = diffRows(diff);
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No field changes were recorded.</p>;
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full text-sm" aria-label="Changes">
        <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2 font-medium">Field</th>
            <th className="px-3 py-2 font-medium">Previous value</th>
            <th className="px-3 py-2 font-medium">New value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.path}
              className={cn("border-t align-top", row.kind !== "membership" && ROW_STYLE[row.kind])}
              data-kind={row.kind}
            >
              <td className="px-3 py-2">
                <span className="font-mono text-xs font-medium">{row.path}</span>
                {row.kind !== "membership" && (
                  <span className="ml-2 text-[10px] uppercase text-muted-foreground">{KIND_LABEL[row.kind]}</span>
                )}
              </td>
              {row.kind === "membership" ? (
                <td colSpan={2} className="px-3 py-2">
                  <MembershipCell row={row} />
                </td>
              ) : (
                <>
                  <td className="w-[40%] px-3 py-2">
                    <Value value={row.previous} tone="old" />
                  </td>
                  <td className="w-[40%] px-3 py-2">
                    <Value value={row.next} tone="new" />
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
