// GET /v1/sprint-types: the catalog of sprints a learner can join.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listSprintTypes, SprintType } from "@pactly/core/catalog";
import type { Platform } from "@pactly/core/platform";
import type { AppEnv } from "../env.js";

export function catalogRoutes(p: Platform) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: "get",
      path: "/sprint-types",
      tags: ["Goals and matching"],
      summary: "The sprint catalog: duration, cadence, sessions required, deposit, refund policy",
      responses: {
        200: {
          description: "Every sprint type",
          content: { "application/json": { schema: z.object({ items: z.array(SprintType.openapi("SprintType")) }) } },
        },
      },
    }),
    async (c) => c.json({ items: await listSprintTypes(p) }, 200),
  );
}
