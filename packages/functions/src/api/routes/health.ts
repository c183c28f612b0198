// GET /v1/health: liveness and the status of the store, object storage, queues and breakers.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { healthReport, type Platform } from "@pactly/core/platform";
import type { AppEnv } from "../env.js";

const Check = z.object({ status: z.enum(["ok", "down"]), latencyMs: z.number(), detail: z.string().optional() });
const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    stage: z.string(),
    runtime: z.enum(["aws", "local"]),
    time: z.string(),
    checks: z.object({
      store: Check,
      blob: Check,
      queue: Check.extend({
        pending: z.record(z.string(), z.number()).optional(),
        deadLetters: z.record(z.string(), z.number()).optional(),
      }),
      outbox: Check.extend({
        dead: z
          .number()
          .int()
          .min(0)
          .openapi({ description: "Side effects (emails, schedules) that failed their last attempt" }),
        lastDeadAt: z.string().nullable(),
      }),
    }),
    breakers: z.record(z.string(), z.string()),
  })
  .openapi("Health");

export function healthRoutes(p: Platform) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["Platform"],
      summary: "Liveness and dependency status",
      responses: {
        200: {
          description: "The service answers; `status` says whether every dependency does",
          content: { "application/json": { schema: Health } },
        },
      },
    }),
    async (c) => c.json(await healthReport(p), 200),
  );
}
