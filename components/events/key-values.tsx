import * as React from "react";

/** A two-column definition table for event details. */
export function KeyValues({ rows }: { rows: [React.ReactNode, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-6 gap-y-2 text-sm">
      {rows.map(([key, value], index) => (
        <React.Fragment key={index}>
          <dt className="text-muted-foreground">{key}</dt>
          <dd className="min-w-0 break-words">{value ?? <span className="text-muted-foreground">—</span>}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}
