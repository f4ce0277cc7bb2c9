import type { TEventUser } from "@/db/schema";

/** Who is asking: a signed-in user (session) or an API token's owner. */
export type TActor = {
  via: "session" | "token" | "system";
  userId: number;
  username: string;
  email: string;
  isSuperuser: boolean;
  clientIp: string | null;
  tokenIdentifier?: string;
};

export function actorSnapshot(actor: TActor): TEventUser {
  return { pk: actor.userId, username: actor.username, email: actor.email };
}

/** Used by start-up seeding and background jobs that act on nobody's behalf. */
export const SYSTEM_ACTOR: TActor = {
  via: "system",
  userId: 0,
  username: "herald",
  email: "",
  isSuperuser: true,
  clientIp: null,
};
