import { getDb } from "@/db/client";
import type { TPolicyKind } from "@/db/schema";
import { json, noContent, parseBody, parseQuery, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { createPolicy, deletePolicy, type TPolicyInput, updatePolicy } from "@/lib/policies/mutations";
import { getSerializedPolicy, listPolicies, NOT_FOUND, policyUsedBy } from "@/lib/policies/queries";
import { serializePolicy } from "@/lib/policies/serialize";
import {
  ZExpressionCreate,
  ZExpressionPatch,
  ZExpressionPut,
  ZMatcherCreate,
  ZMatcherPatch,
  ZMatcherPut,
  ZPolicyListQuery,
} from "@/lib/policies/validation";

/**
 * Handlers shared by /policies/event_matcher/ and /policies/expression/ (same life cycle, different
 * fields). Admin only; bodies are validated by the kind's zod schema, PATCH with the partial one.
 */
type TCtx = TParamsContext<"policy_uuid">;

const SCHEMAS = {
  event_matcher: { create: ZMatcherCreate, put: ZMatcherPut, patch: ZMatcherPatch },
  expression: { create: ZExpressionCreate, put: ZExpressionPut, patch: ZExpressionPatch },
} as const;

async function readInput(request: Request, kind: TPolicyKind, mode: "create" | "put" | "patch"): Promise<TPolicyInput> {
  return { kind, fields: await parseBody(request, SCHEMAS[kind][mode]) } as TPolicyInput;
}

export function policyCollection(kind: TPolicyKind) {
  return {
    GET: route(async (request: Request) => {
      await requireApiAdmin(request);
      return json(await listPolicies(await getDb(), kind, parseQuery(request, ZPolicyListQuery)));
    }),
    POST: route(async (request: Request) => {
      const actor = await requireApiAdmin(request);
      const policy = await createPolicy(await getDb(), actor, await readInput(request, kind, "create"));
      return json(serializePolicy(policy, 0), 201);
    }),
  };
}

export function policyDetail(kind: TPolicyKind) {
  const update = (mode: "put" | "patch") =>
    route(async (request: Request, ctx: TCtx) => {
      const actor = await requireApiAdmin(request);
      const uuid = await uuidParam(ctx, "policy_uuid", NOT_FOUND);
      const db = await getDb();
      await updatePolicy(db, actor, uuid, await readInput(request, kind, mode));
      return json(await getSerializedPolicy(db, uuid, kind));
    });
  return {
    GET: route(async (request: Request, ctx: TCtx) => {
      await requireApiAdmin(request);
      return json(await getSerializedPolicy(await getDb(), await uuidParam(ctx, "policy_uuid", NOT_FOUND), kind));
    }),
    PUT: update("put"),
    PATCH: update("patch"),
    DELETE: route(async (request: Request, ctx: TCtx) => {
      const actor = await requireApiAdmin(request);
      await deletePolicy(await getDb(), actor, await uuidParam(ctx, "policy_uuid", NOT_FOUND), kind);
      return noContent();
    }),
  };
}

export function policyUsedByHandler(kind?: TPolicyKind) {
  return route(async (request: Request, ctx: TCtx) => {
    await requireApiAdmin(request);
    return json(await policyUsedBy(await getDb(), await uuidParam(ctx, "policy_uuid", NOT_FOUND), kind));
  });
}
