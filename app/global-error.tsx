"use client";

import type { ErrorInfo } from "next/error";
import { ErrorPanel } from "@/components/layout/error-panel";
import { StandalonePage } from "@/components/layout/status-panel";
import "./globals.css";

/** The root layout itself failed: this replaces it, so it brings its own document and styles. */
export default function GlobalError({ error, retry }: ErrorInfo) {
  return (
    <html lang="en">
      <body>
        <title>Something went wrong · Herald</title>
        <StandalonePage>
          <ErrorPanel error={error} retry={retry} homeHref="/welcome" />
        </StandalonePage>
      </body>
    </html>
  );
}
