import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { clientIpFromHeaders, httpRequestContext } from "./http-context";
import { authSecret } from "./secret";
import { signInWithPassword } from "./sign-in";

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

/** Lazy config: the secret may come from the data directory, read on first use rather than at import. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: env().HERALD_SESSION_MAX_AGE },
  jwt: { maxAge: env().HERALD_SESSION_MAX_AGE },
  pages: { signIn: "/login" },
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
        if (result.ok) return { id: String(result.user.id), name: result.user.username, email: result.user.email };
        throw result.reason === "rate_limited" ? new RateLimited(result.retryAfterSeconds) : new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = Number(user.id);
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "number") session.user.id = String(token.uid);
      return session;
    },
  },
}));
