import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tokens, users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/actor";
import { generatePassword, hashPassword } from "@/lib/credentials/password";
import { hashTokenKey } from "@/lib/credentials/token-key";
import { seedDefaults } from "@/lib/defaults/seed-defaults";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createToken } from "@/lib/tokens/mutations";
import { findUserByUsername } from "@/lib/users/queries";

export const BOOTSTRAP_USERNAME = "admin";
export const BOOTSTRAP_TOKEN_IDENTIFIER = "herald-bootstrap-token";

/**
 * First start: create the administrator `admin` (password from HERALD_BOOTSTRAP_PASSWORD, else a
 * random one printed once) and, when HERALD_BOOTSTRAP_TOKEN is set, an API token with that key.
 * Idempotent: later starts change nothing, so a password changed in the UI stays changed.
 */
export async function bootstrap(db: Db, print: (line: string) => void = console.log): Promise<void> {
  const config = env();
  let admin = await findUserByUsername(db, BOOTSTRAP_USERNAME);
  if (!admin) {
    const password = config.HERALD_BOOTSTRAP_PASSWORD ?? generatePassword();
    const [created] = await db
      .insert(users)
      .values({
        username: BOOTSTRAP_USERNAME,
        name: "Herald administrator",
        email: config.HERALD_BOOTSTRAP_EMAIL ?? "",
        isSuperuser: true,
        passwordHash: await hashPassword(password),
      })
      .onConflictDoNothing()
      .returning();
    admin = created ?? (await findUserByUsername(db, BOOTSTRAP_USERNAME));
    if (created) {
      logger.info({ username: BOOTSTRAP_USERNAME }, "bootstrap administrator created");
      if (!config.HERALD_BOOTSTRAP_PASSWORD) {
        print(
          [
            "",
            "=================================================================",
            ` Herald administrator created. Sign in as: ${BOOTSTRAP_USERNAME}`,
            ` Password (shown once, change it after signing in): ${password}`,
            "=================================================================",
            "",
          ].join("\n"),
        );
      }
    }
  }
  if (admin && config.HERALD_BOOTSTRAP_TOKEN) {
    const [existing] = await db
      .select()
      .from(tokens)
      .where(eq(tokens.keyHash, hashTokenKey(config.HERALD_BOOTSTRAP_TOKEN)));
    if (!existing) {
      await db.delete(tokens).where(eq(tokens.identifier, BOOTSTRAP_TOKEN_IDENTIFIER));
      await createToken(
        db,
        { ...SYSTEM_ACTOR, userId: admin.id, username: admin.username },
        {
          identifier: BOOTSTRAP_TOKEN_IDENTIFIER,
          intent: "api",
          user: admin.id,
          description: "Created from HERALD_BOOTSTRAP_TOKEN",
          expiring: false,
          expires: null,
          // Automation that bootstraps Herald configures all of it.
          scopes: ["admin"],
        },
        config.HERALD_BOOTSTRAP_TOKEN,
      );
      logger.info({ identifier: BOOTSTRAP_TOKEN_IDENTIFIER }, "bootstrap API token created");
    }
  }
  await seedDefaults(db, admin?.id ?? null);
}
