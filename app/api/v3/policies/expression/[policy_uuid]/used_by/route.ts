import { policyUsedByHandler } from "../../../_shared/policy-handlers";

export const dynamic = "force-dynamic";

export const GET = policyUsedByHandler("expression");
