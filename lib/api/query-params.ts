import { z } from "zod";

/** Query-string booleans as DRF accepts them. Pure zod (no server imports), so forms may share schemas using it. */
export const zQueryBool = z
  .enum(["true", "false", "True", "False", "1", "0"], { error: "Must be true or false." })
  .transform((value) => value === "true" || value === "True" || value === "1");
