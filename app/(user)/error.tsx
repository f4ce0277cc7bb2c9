"use client";

import type { ErrorInfo } from "next/error";
import { ErrorPanel } from "@/components/layout/error-panel";

/** A failing account or notifications page: the message replaces the page only, the header stays. */
export default function UserError({ error, retry }: ErrorInfo) {
  return <ErrorPanel error={error} retry={retry} homeHref="/account" />;
}
