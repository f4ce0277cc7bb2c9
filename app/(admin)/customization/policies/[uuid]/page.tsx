import { redirect } from "next/navigation";
import { orNotFound, uuidOrNotFound } from "@/app/(admin)/_lib/lookup";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { findPolicy } from "@/lib/policies/queries";

export const dynamic = "force-dynamic";

/** Policies are edited in a dialog on their list, so a link to one opens the list searched for its name. */
export default async function PolicyPermalink({ params }: { params: Promise<{ uuid: string }> }) {
  await requireAdminPage();
  const uuid = uuidOrNotFound((await params).uuid);
  const { name } = await orNotFound(findPolicy(await getDb(), uuid));
  redirect(`/customization/policies?search=${encodeURIComponent(name)}`);
}
