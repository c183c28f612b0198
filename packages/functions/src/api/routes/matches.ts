// GET /v1/matches: my precomputed suggestions with their CompatibilityScore breakdown, read with one Query.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import { getMatches, Matches } from "@pactly/core/pods";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors } from "../openapi.js";

export function matchRoutes(p: Platform) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: "get",
      path: "/matches",
      tags: ["Goals and matching"],
      summary: "My most compatible candidates on the waitlist, per sprint type",
      security: bearer,
      request: {
        query: z.strictObject({
          sprintType: z
            .string()
            .min(1)
            .max(40)
            .optional()
            .openapi({ param: { name: "sprintType", in: "query" } }),
        }),
      },
      responses: {
        200: {
          description: "Suggestions (one entry per sprint type I wait for)",
          content: { "application/json": { schema: z.object({ items: z.array(Matches) }) } },
        },
        ...errors(400, 401),
      },
    }),
    async (c) => c.json({ items: await getMatches(p, requireActor(c), c.req.valid("query").sprintType) }, 200),
  );
}
