import { policyCollection } from "../_shared/policy-handlers";

export const dynamic = "force-dynamic";

const handlers = policyCollection("event_matcher");
export const GET = handlers.GET;
export const POST = handlers.POST;
