import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createTransport } from "@/lib/transports/mutations";
import { listTransports } from "@/lib/transports/queries";
import { serializeTransport } from "@/lib/transports/serialize";
import { ZTransportCreate, ZTransportListQuery } from "@/lib/transports/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listTransports(await getDb(), parseQuery(request, ZTransportListQuery)));
});

export const POST = route(async (request: Request) => {
  const actor = await requireApiAdmin(request);
  const transport = await createTransport(await getDb(), actor, await parseBody(request, ZTransportCreate));
  return json(serializeTransport(transport), 201);
});
