"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { httpRequestContext } from "@/lib/auth/http-context";
import { clearSessionCookie } from "@/lib/auth/next-auth";
import { signOutEverywhere } from "@/lib/auth/sign-out";
import { defineAction } from "@/lib/server-actions/define-action";

/** The user menu's "Sign out everywhere": ends all of the user's sessions, then this browser's cookie. */
export const signOutEverywhereAction = defineAction("user", z.object({}).optional(), async ({ actor, db }) => {
  const requestHeaders = await headers();
  const referer = requestHeaders.get("referer");
  const path = referer ? new URL(referer, "http://localhost").pathname : "/";
  await signOutEverywhere(db, actor, httpRequestContext(path, "POST", requestHeaders));
  await clearSessionCookie();
  return null;
});
