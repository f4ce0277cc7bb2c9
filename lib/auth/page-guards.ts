import { redirect } from "next/navigation";
import type { TActor } from "@/lib/actor";
import { currentActor } from "./current";

/** Pages for any signed-in user; anonymous visitors go to the sign-in page. */
export async function requireUserPage(): Promise<TActor> {
  const actor = await currentActor().catch(() => null);
  if (!actor) redirect("/login");
  return actor;
}

/** Admin pages: non-admins are sent to their own area with a notice, never shown admin data. */
export async function requireAdminPage(): Promise<TActor> {
  const actor = await requireUserPage();
  if (!actor.isSuperuser) redirect("/account?denied=admin");
  return actor;
}
