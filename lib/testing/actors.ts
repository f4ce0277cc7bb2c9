import type { TActor } from "@/lib/actor";

export function adminActor(userId = 1, username = "admin"): TActor {
  return {
    via: "session",
    userId,
    username,
    email: `${username}@example.test`,
    isSuperuser: true,
    clientIp: "192.0.2.10",
  };
}

export function userActor(userId: number, username: string): TActor {
  return {
    via: "session",
    userId,
    username,
    email: `${username}@example.test`,
    isSuperuser: false,
    clientIp: "192.0.2.20",
  };
}
