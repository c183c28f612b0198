// /v1/me/progress: mastery by tag, the learning streak, attendance and check-in rates, review retention.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { Progress, progressOf } from "@pactly/core/analytics";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors, json } from "../openapi.js";

export function progressRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/me/progress",
      tags: ["Tutor and content"],
      summary: "My progress: mastery by tag, streak, attendance and check-ins, review retention",
      security: bearer,
      responses: { 200: json(Progress, "The progress"), ...errors(401) },
    }),
    async (c) => c.json((await progressOf(p, requireActor(c).userId)) as never, 200),
  );
  return app;
}
