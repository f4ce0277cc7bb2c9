import { policyCollection } from "../_shared/policy-handlers";

export const dynamic = "force-dynamic";

const handlers = policyCollection("expression");
export const GET = handlers.GET;
export const POST = handlers.POST;
