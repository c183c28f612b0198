// Shared OpenAPI pieces: the error body schema and the standard error responses routes declare.
import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation.failed" }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      timestamp: z.string(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (see details)",
  401: "Not signed in, or the token is invalid",
  403: "Not allowed",
  404: "Not found",
  409: "Conflicts with the current state",
  413: "Body too large",
  415: "Body is not JSON",
  422: "Well-formed, but does not pass its checks (see details)",
  429: "Too many requests (see Retry-After)",
  502: "An outside service failed",
  503: "Temporarily unavailable (see Retry-After)",
};

/** Error responses for a route's OpenAPI description, e.g. `...errors(400, 401, 404)`. */
export function errors(...statuses: (keyof typeof DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: DESCRIPTIONS[s]!, content: { "application/json": { schema: ErrorSchema } } },
    ]),
  );
}

export const bearer = [{ bearer: [] as string[] }];

/** `{ items, nextCursor }` for list endpoints. */
export const PageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Strict: an unknown query parameter (a typo such as `limt`) is a 400, like an unknown body field. */
export const PageQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: "limit", in: "query" } }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
});

/** A JSON response for a route's `responses`. */
export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body for a route's `request`. */
export const body = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** `{id}` in a route's path: an opaque id (ULIDs, or the placeholders of erased members). */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

const RATE_LIMIT_HEADERS = {
  RateLimit: {
    description: 'The limit closest to running out: `"<name>";r=<attempts left>;t=<seconds until the window ends>`.',
    schema: { type: "string" as const, maxLength: 200 },
  },
  "RateLimit-Policy": {
    description: 'Each limit the request counts against: `"<name>";q=<attempts>;w=<window seconds>`, comma-separated.',
    schema: { type: "string" as const, maxLength: 400 },
  },
};

/** A limited route's answers, each documenting the RateLimit headers (and the 429 its Retry-After). */
export function rateLimited<R extends Record<string | number, { description: string }>>(responses: R): R {
  return Object.fromEntries(
    Object.entries(responses).map(([status, r]) => [
      status,
      {
        ...r,
        headers: {
          ...RATE_LIMIT_HEADERS,
          ...(status === "429"
            ? { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const, minimum: 1 } } }
            : {}),
        },
      },
    ]),
  ) as unknown as R;
}
