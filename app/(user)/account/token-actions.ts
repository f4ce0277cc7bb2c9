"use server";

import { z } from "zod";
import { defineAction } from "@/lib/server-actions/define-action";
import { createToken, deleteToken, revokeToken } from "@/lib/tokens/mutations";
import { ZTokenCreate, ZTokenIdentifier } from "@/lib/tokens/validation";

/**
 * Token actions for everyone: lib/tokens scopes by actor, so users manage only their own tokens and
 * administrators any token (the Tokens admin page uses the same actions).
 */
export const createTokenAction = defineAction("user", ZTokenCreate, async ({ actor, db, input }) => {
  const { token, key } = await createToken(db, actor, input);
  return { identifier: token.identifier, key };
});

export const revokeTokenAction = defineAction(
  "user",
  z.object({ identifier: ZTokenIdentifier }),
  async ({ actor, db, input }) => {
    await revokeToken(db, actor, input.identifier);
    return null;
  },
);

export const deleteTokenAction = defineAction(
  "user",
  z.object({ identifier: ZTokenIdentifier }),
  async ({ actor, db, input }) => {
    await deleteToken(db, actor, input.identifier);
    return null;
  },
);
