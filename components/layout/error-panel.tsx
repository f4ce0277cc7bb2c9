"use client";

import { HouseIcon, RotateCcwIcon, TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { StatusPanel } from "./status-panel";

/** The hash Next gives a server error; the same value is in the server log next to the real message. */
function digestOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("digest" in error)) return undefined;
  return typeof error.digest === "string" ? error.digest : undefined;
}

/**
 * What error.tsx and global-error.tsx show. `retry` re-fetches the failed segment from the server
 * and renders it again, so a passing fault (a restarting database) clears without a reload.
 */
export function ErrorPanel({ error, retry, homeHref }: { error: unknown; retry: () => void; homeHref: string }) {
  const digest = digestOf(error);
  useEffect(() => {
    // Errors thrown in the browser reach no server log; the console is where a developer looks.
    console.error(error);
  }, [error]);
  return (
    <StatusPanel
      icon={<TriangleAlertIcon />}
      title="Something went wrong"
      description={
        <>
          <p>This page could not be shown. Trying again often helps; if it keeps failing, tell your administrator.</p>
          {digest && (
            <p className="mt-3">
              Error reference: <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{digest}</code>
            </p>
          )}
        </>
      }
    >
      <Button onClick={() => retry()}>
        <RotateCcwIcon /> Try again
      </Button>
      <Button variant="outline" asChild>
        <Link href={homeHref}>
          <HouseIcon /> Go home
        </Link>
      </Button>
    </StatusPanel>
  );
}
