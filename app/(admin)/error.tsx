"use client";

import type { ErrorInfo } from "next/error";
import { ErrorPanel } from "@/components/layout/error-panel";

/** A failing admin page: the message replaces the page only, so the sidebar stays usable. */
export default function AdminError({ error, retry }: ErrorInfo) {
  return <ErrorPanel error={error} retry={retry} homeHref="/" />;
}
