import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { POLICY_META } from "@/lib/policies/serialize";

export const dynamic = "force-dynamic";

/** The policy kinds an admin can create (authentik's TypeCreate list). */
export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(
    Object.values(POLICY_META).map((meta) => ({
      name: meta.verbose_name,
      description: meta.description,
      component: meta.component,
      model_name: meta.model_name,
      icon_url: "",
      requires_enterprise: false,
      deprecated: false,
    })),
  );
});
