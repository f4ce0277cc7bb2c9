import { z } from "zod";

/** DRF's two messages: a missing field vs a value of the wrong type. */
export const requiredString = () =>
  z.string({ error: (issue) => (issue.input === undefined ? "This field is required." : "Not a valid string.") });

/** A model's `name`, validated with authentik's messages. */
export const ZName = requiredString()
  .trim()
  .min(1, "This field may not be blank.")
  .max(255, "Ensure this field has no more than 255 characters.");
