import "server-only";
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import NextAuth, { CredentialsSignin } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { clientIpFromHeaders, httpRequestContext, publicOriginFromHeaders } from "./http-context";
import { oidcSettings } from "./oidc-settings";
import { signInWithOidc, type TOidcClaims } from "./oidc-sign-in";
import { authSecret } from "./secret";
import { revokeSession, type TSessionClaims } from "./sessions";
import { signInWithPassword } from "./sign-in";

declare module "next-auth" {
  interface User {
    sessionEpoch?: number;
  }
  interface Session {
    sessionId?: string;
    sessionEpoch?: number;
    /** How the session was signed in: `password` or `oidc` (recorded on logout). */
    signInMethod?: string;
  }
}

/** Error codes the sign-in form turns into messages (next-auth passes `code` through). */
export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
/** `code` carries the lock-out length ("rate_limited:120") so the form can say how long to wait. */
export class RateLimited extends CredentialsSignin {
  constructor(retryAfterSeconds = 0) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

const ZCredentials = z.object({
  username: z.string().trim().min(1).max(150),
  password: z.string().min(1).max(1024),
});

/** The provider id of OpenID Connect sign-in (its callback is /api/auth/callback/oidc). */
export const OIDC_PROVIDER_ID = "oidc";

/**
 * The IdP when HERALD_OIDC_* is set. Claims come from the userinfo endpoint (after the ID token is
 * checked), since IdPs differ in which claims they put in the ID token.
 */
function oidcProvider(): OIDCConfig<TOidcClaims> | null {
  const settings = oidcSettings();
  if (!settings) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.displayName,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ["pkce", "state", "nonce"],
    idToken: false,
    authorization: { params: { scope: "openid email profile" } },
    profile: (claims) => ({ id: claims.sub, email: typeof claims.email === "string" ? claims.email : null }),
  };
}

/** Where a refused IdP sign-in lands: the login page says why (lib/auth/login-messages). */
const oidcRefusedPath = (reason: string) => `/login?error=oidc_${reason}`;

/** Lazy config: the secret may come from the data directory, read on first use rather than at import. */
const nextAuth = NextAuth((request) => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: env().HERALD_SESSION_MAX_AGE },
  jwt: { maxAge: env().HERALD_SESSION_MAX_AGE },
  pages: { signIn: "/login" },
  // next-auth prints every refused sign-in as an error with a stack trace; those are recorded as
  // login_failed events already, so only real failures reach Herald's log (as JSON, like the rest).
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      logger.error({ err: error }, "next-auth error");
    },
    warn(code) {
      logger.warn({ code }, "next-auth warning");
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = ZCredentials.safeParse(credentials);
        if (!parsed.success) throw new InvalidCredentials();
        const headers = request.headers;
        const result = await signInWithPassword(await getDb(), {
          ...parsed.data,
          clientIp: clientIpFromHeaders(headers),
          httpRequest: httpRequestContext(headers.get("x-herald-path") ?? "/login", "POST", headers),
        });
        if (result.ok) {
          const { user } = result;
          return { id: String(user.id), name: user.username, email: user.email, sessionEpoch: user.sessionEpoch };
        }
        throw result.reason === "rate_limited" ? new RateLimited(result.retryAfterSeconds) : new InvalidCredentials();
      },
    }),
    ...[oidcProvider()].filter((provider) => provider !== null),
  ],
  callbacks: {
    // An IdP sign-in becomes a Herald user here (created or linked on first use, audited); the
    // user object handed on to `jwt` then carries Herald's id and epoch like a password sign-in.
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const settings = oidcSettings();
      if (!settings || !profile?.sub) return oidcRefusedPath("failed");
      const headers = request?.headers ?? new Headers();
      const result = await signInWithOidc(
        await getDb(),
        { issuer: settings.issuer, displayName: settings.displayName, adminGroups: settings.adminGroups },
        profile as TOidcClaims,
        {
          clientIp: clientIpFromHeaders(headers),
          httpRequest: httpRequestContext(request?.url ?? "/api/auth/callback/oidc", "GET", headers),
        },
      );
      if (!result.ok) return oidcRefusedPath(result.reason);
      user.id = String(result.user.id);
      user.name = result.user.username;
      user.email = result.user.email;
      user.sessionEpoch = result.user.sessionEpoch;
      return true;
    },
    // Only at sign-in is `user` set: the session gets its id and the user's epoch then, and keeps
    // both for its life (a refresh re-signs the same claims; nothing a client sends changes them).
    jwt({ token, user, account }) {
      if (user?.id) {
        token.uid = Number(user.id);
        token.sid = randomUUID();
        token.epoch = user.sessionEpoch ?? 0;
        token.method = account?.provider === OIDC_PROVIDER_ID ? "oidc" : "password";
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "number") session.user.id = String(token.uid);
      if (typeof token.sid === "string") session.sessionId = token.sid;
      if (typeof token.epoch === "number") session.sessionEpoch = token.epoch;
      if (typeof token.method === "string") session.signInMethod = token.method;
      return session;
    },
  },
  events: {
    // Clearing the cookie is not enough: a copy of it would stay valid until it expires.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid !== "string" || typeof token.uid !== "number") return;
      await revokeSession(await getDb(), {
        sessionId: token.sid,
        userId: token.uid,
        maxAgeSeconds: env().HERALD_SESSION_MAX_AGE,
      });
    },
  },
}));

export const { auth } = nextAuth;

/** How this request's session was signed in (`password`, `oidc`), for the logout event. */
export async function currentSignInMethod(): Promise<string> {
  return (await auth())?.signInMethod ?? "password";
}

/** For the login page: the IdP's name when OpenID Connect sign-in is configured. */
export function oidcSignInName(): string | null {
  return oidcSettings()?.displayName ?? null;
}

/** Starts an IdP sign-in from a server action: next-auth sets its state cookies and answers the IdP's URL. */
export async function signInWithIdp(options: { redirectTo: string }): Promise<never> {
  const url = await nextAuth.signIn(OIDC_PROVIDER_ID, { redirectTo: options.redirectTo, redirect: false });
  redirect(typeof url === "string" ? url : "/login");
}

/** The claims of the request's session cookie, if it has a well-formed one. */
export async function currentSessionClaims(): Promise<TSessionClaims | null> {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || typeof session?.sessionId !== "string") return null;
  if (typeof session.sessionEpoch !== "number") return null;
  return { userId, sessionId: session.sessionId, epoch: session.sessionEpoch };
}

/**
 * next-auth builds absolute URLs from the request URL, which Next.js makes from the address the
 * server is bound to (http://0.0.0.0:3000); the route handlers get the public origin instead. A
 * plain Request, because NextRequest rewrites 127.0.0.1 and [::1] to "localhost" (another host to
 * the browser, without its cookies). next-auth's own AUTH_URL, when set, is left to next-auth.
 */
async function withPublicOrigin(request: NextRequest): Promise<NextRequest> {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return request;
  const origin = publicOriginFromHeaders(request.headers);
  const url = new URL(request.url);
  if (!origin) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const rewritten = new Request(`${origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
  return rewritten as NextRequest;
}

export const handlers = {
  GET: async (request: NextRequest) => nextAuth.handlers.GET(await withPublicOrigin(request)),
  POST: async (request: NextRequest) => nextAuth.handlers.POST(await withPublicOrigin(request)),
};

/** The path and query of a URL next-auth made, so the browser stays on the origin it is using. */
function localPath(url: unknown, fallback: string): string {
  if (typeof url !== "string") return fallback;
  const parsed = new URL(url, "http://localhost");
  const path = `${parsed.pathname}${parsed.search}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}

/**
 * Signs in from a server action and redirects to `redirectTo` by path, never by next-auth's
 * absolute URL. Throws next-auth's CredentialsSignin errors (InvalidCredentials, RateLimited).
 */
export async function signIn(
  provider: "credentials",
  options: { username: string; password: string; redirectTo: string },
): Promise<never> {
  const url = await nextAuth.signIn(provider, { ...options, redirect: false });
  redirect(localPath(url, options.redirectTo));
}

/**
 * Ends this session, clears its cookie and redirects to `redirectTo` by path. The session is
 * revoked here first, so a failure to record that stops the sign-out instead of leaving a copy of
 * the cookie valid (`events.signOut` covers next-auth's own sign-out route).
 */
export async function signOut(options: { redirectTo: string }): Promise<never> {
  const claims = await currentSessionClaims();
  if (claims) {
    await revokeSession(await getDb(), {
      sessionId: claims.sessionId,
      userId: claims.userId,
      maxAgeSeconds: env().HERALD_SESSION_MAX_AGE,
    });
  }
  await nextAuth.signOut({ redirectTo: options.redirectTo, redirect: false });
  redirect(localPath(options.redirectTo, "/login"));
}

/** Clears this browser's session cookie without redirecting (for server actions that answer with a result). */
export async function clearSessionCookie(): Promise<void> {
  await nextAuth.signOut({ redirect: false });
}
