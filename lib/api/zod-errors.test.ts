import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { zodToFieldErrors } from "./zod-errors";

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  assert.equal(result.success, false, "input should be invalid");
  return zodToFieldErrors(result.error!);
}

describe("zodToFieldErrors", () => {
  const ZThing = z.object({
    name: z.string({ error: "This field is required." }).min(1, "This field may not be blank."),
    size: z.number({ error: "A valid integer is required." }).int(),
    tags: z.array(z.string({ error: "Not a string." })).optional(),
    attributes: z.object({ color: z.enum(["red", "blue"], { error: "Bad color." }) }).optional(),
  });

  it("maps top-level fields to {field: [message]}", () => {
    assert.deepEqual(errorsOf(ZThing, { size: "x" }), {
      name: ["This field is required."],
      size: ["A valid integer is required."],
    });
  });

  it("keeps nested paths in the message under the top-level field", () => {
    assert.deepEqual(errorsOf(ZThing, { name: "a", size: 1, tags: ["ok", 5], attributes: { color: "green" } }), {
      tags: ["1: Not a string."],
      attributes: ["color: Bad color."],
    });
  });

  it("collects several messages for one field", () => {
    const schema = z.object({ code: z.string().min(3, "Too short.").regex(/^\d+$/, "Digits only.") });
    assert.deepEqual(errorsOf(schema, { code: "a" }), { code: ["Too short.", "Digits only."] });
  });

  it("puts errors that belong to no field under non_field_errors", () => {
    assert.deepEqual(errorsOf(ZThing, "not an object").non_field_errors?.length, 1);
    const refined = z
      .object({ a: z.number(), b: z.number() })
      .refine((value) => value.a < value.b, { message: "a must be less than b." });
    assert.deepEqual(errorsOf(refined, { a: 2, b: 1 }), { non_field_errors: ["a must be less than b."] });
  });
});
