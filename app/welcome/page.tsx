import { redirect } from "next/navigation";
import { requireUserPage } from "@/lib/auth/page-guards";

/** Landing after sign-in: administrators go to the dashboard, everyone else to their account. */
export default async function WelcomePage() {
  const actor = await requireUserPage();
  redirect(actor.isSuperuser ? "/" : "/account");
}
