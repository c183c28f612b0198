// GET /v1/jobs/{id}: the status of any queued job (export, coach generation, code scoring) for its owner.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getJob, Job } from "@pactly/core/jobs";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors } from "../openapi.js";

export function jobRoutes(p: Platform) {
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: "get",
      path: "/jobs/{id}",
      tags: ["Platform"],
      summary: "A queued job's status and, when done, its result",
      security: bearer,
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: {
        200: { description: "The job", content: { "application/json": { schema: Job.openapi("Job") } } },
        ...errors(401, 404),
      },
    }),
    async (c) => c.json(await getJob(p, requireActor(c), c.req.valid("param").id), 200),
  );
}
