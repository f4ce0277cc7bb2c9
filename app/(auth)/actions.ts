"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentActor } from "@/lib/auth/current";
import { httpRequestContext } from "@/lib/auth/http-context";
import { loginErrorMessage, safeNextPath } from "@/lib/auth/login-messages";
import { currentSignInMethod, signIn, signInWithIdp, signOut } from "@/lib/auth/next-auth";
import { recordLogout } from "@/lib/auth/sign-out";
import { logger } from "@/lib/logger";

export type TLoginState = { error?: string; username?: string };

const ZLogin = z.object({
  username: z.string().trim().min(1, "Enter your username.").max(150),
  password: z.string().min(1, "Enter your password.").max(1024),
  next: z.string().max(2048).optional(),
});

/** Sign-in form: next-auth checks the credentials (rate-limited, audited in lib/auth/sign-in). */
export async function signInAction(_state: TLoginState, form: FormData): Promise<TLoginState> {
  // A server action can be called with any arguments, not only the form's FormData.
  if (!(form instanceof FormData)) return { error: "Enter your username and password." };
  const parsed = ZLogin.safeParse(Object.fromEntries(form));
  const username = String(form.get("username") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0].message, username };
  try {
    await signIn("credentials", {
      username: parsed.data.username,
      password: parsed.data.password,
      redirectTo: safeNextPath(parsed.data.next) ?? "/welcome",
    });
    return {};
  } catch (error) {
    // Success arrives as a redirect "error" that Next.js must see, so only auth failures stop here.
    if (error instanceof AuthError) {
      return { error: loginErrorMessage((error as AuthError & { code?: string }).code), username };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  try {
    const actor = await currentActor();
    if (actor?.via === "session") {
      const requestHeaders = await headers();
      const referer = requestHeaders.get("referer");
      const path = referer ? new URL(referer, "http://localhost").pathname : "/";
      await recordLogout(
        await getDb(),
        actor,
        httpRequestContext(path, "POST", requestHeaders),
        await currentSignInMethod(),
      );
    }
  } catch (error) {
    logger.error({ err: error }, "could not record logout");
  }
  await signOut({ redirectTo: "/login?signed_out=1" });
}

/** "Sign in with <IdP>": off to the IdP, back through /api/auth/callback/oidc (lib/auth/next-auth). */
export async function signInWithIdpAction(form: FormData): Promise<void> {
  const next = form instanceof FormData ? form.get("next") : null;
  await signInWithIdp({ redirectTo: safeNextPath(typeof next === "string" ? next : null) ?? "/welcome" });
}
