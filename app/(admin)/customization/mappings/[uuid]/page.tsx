import { redirect } from "next/navigation";
import { orNotFound, uuidOrNotFound } from "@/app/(admin)/_lib/lookup";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { findMapping } from "@/lib/mappings/queries";

export const dynamic = "force-dynamic";

/** Webhook mappings are edited in a dialog on their list, so a link to one opens the list searched for its name. */
export default async function MappingPermalink({ params }: { params: Promise<{ uuid: string }> }) {
  await requireAdminPage();
  const uuid = uuidOrNotFound((await params).uuid);
  const { name } = await orNotFound(findMapping(await getDb(), uuid));
  redirect(`/customization/mappings?search=${encodeURIComponent(name)}`);
}
