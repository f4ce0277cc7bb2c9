"use server";

import { z } from "zod";
import { createMapping, deleteMapping, updateMapping } from "@/lib/mappings/mutations";
import { mappingUsedBy } from "@/lib/mappings/queries";
import { ZMappingCreate } from "@/lib/mappings/validation";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });

export const saveMappingAction = defineAction(
  "admin",
  ZMappingCreate.extend({ uuid: ZUuid.optional() }),
  async ({ actor, db, input }) => {
    const { uuid, ...fields } = input;
    const mapping = uuid ? await updateMapping(db, actor, uuid, fields) : await createMapping(db, actor, fields);
    return { uuid: mapping.pmUuid, name: mapping.name };
  },
);

export const deleteMappingAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ actor, db, input }) => {
  await deleteMapping(db, actor, input.uuid);
  return null;
});

export const mappingUsedByAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ db, input }) =>
  mappingUsedBy(db, input.uuid),
);
