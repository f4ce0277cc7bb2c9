"use client";

import type { ErrorInfo } from "next/error";
import { ErrorPanel } from "@/components/layout/error-panel";
import { StandalonePage } from "@/components/layout/status-panel";

/** Catches what the admin and user error pages cannot: a failure in their layouts, chrome included. */
export default function RootError({ error, retry }: ErrorInfo) {
  return (
    <StandalonePage>
      <ErrorPanel error={error} retry={retry} homeHref="/welcome" />
    </StandalonePage>
  );
}
