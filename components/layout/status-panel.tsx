import type * as React from "react";
import { Card } from "@/components/ui/card";
import { Brand } from "./brand";

/**
 * A page-sized message with a way on: what not-found and error pages show. The title is the page's
 * h1, because these replace the page, PageHeader included.
 */
export function StatusPanel({
  icon,
  title,
  description,
  children,
}: {
  icon: React.ReactNode;
  title: string;
  description: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <Card className="mx-auto max-w-2xl">
      <div className="flex flex-col items-center gap-2 px-6 py-14 text-center">
        <div className="mb-1 rounded-full bg-muted p-3 text-muted-foreground [&_svg]:size-6">{icon}</div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        <div className="max-w-md text-sm text-muted-foreground">{description}</div>
        {children && <div className="mt-4 flex flex-wrap items-center justify-center gap-2">{children}</div>}
      </div>
    </Card>
  );
}

/** For pages outside the admin and user chrome (unknown paths, a failed layout): the brand above the panel. */
export function StandalonePage({ children }: { children: React.ReactNode }) {
  return (
    <main
      className={
        "flex min-h-screen flex-col items-center justify-center gap-6 p-4 " +
        "bg-gradient-to-br from-primary/10 via-background to-background"
      }
    >
      <div className="text-xl">
        <Brand href="/welcome" />
      </div>
      <div className="w-full max-w-2xl">{children}</div>
    </main>
  );
}
