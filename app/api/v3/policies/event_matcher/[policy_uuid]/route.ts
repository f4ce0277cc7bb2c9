import { policyDetail } from "../../_shared/policy-handlers";

export const dynamic = "force-dynamic";

const handlers = policyDetail("event_matcher");
export const GET = handlers.GET;
export const PUT = handlers.PUT;
export const PATCH = handlers.PATCH;
export const DELETE = handlers.DELETE;
