// The one input parser core uses: a schema's verdict becomes a typed 400 in the API's error format.
import { ValidationError } from "./errors.js";
import type { z } from "./schema.js";

/** The issues of a failed parse, as the error body lists them (`path` dotted, `message` in words). */
export const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));

/** Parses `input` with `schema`, or throws 400 `validation.failed` saying "The <what> is not valid." */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(`The ${what} is not valid.`, issuesOf(parsed.error));
  return parsed.data;
}
