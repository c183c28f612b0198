// /v1/admin/metrics: business metrics for admins (active learners, session completion, check-ins, pod formation,
// payments, coach latency) per UTC day of a range, and for today, this week and this month.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "@pactly/core/access";
import { AdminMetrics, metricsRange, readMetrics } from "@pactly/core/analytics";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors, json } from "../openapi.js";

const Day = (name: string, description: string) =>
  z
    .string()
    .max(10)
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .openapi({ param: { name, in: "query" }, description, example: "2026-12-01" });

/** Strict: an unknown parameter is a 400. The range is checked further (real dates, in order, 400 days at most). */
const MetricsQuery = z.strictObject({
  from: Day("from", "First UTC day (YYYY-MM-DD); 29 days before `to` by default."),
  to: Day("to", "Last UTC day (YYYY-MM-DD); today by default."),
});

export function adminMetricsRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/metrics",
      tags: ["Admin"],
      summary: "Business metrics per UTC day, and for today, this week and this month",
      security: bearer,
      request: { query: MetricsQuery },
      responses: { 200: json(AdminMetrics, "The metrics"), ...errors(400, 401, 403) },
    }),
    async (c) => {
      requireRole(requireActor(c), "admin", "system");
      const range = metricsRange(p, c.req.valid("query"));
      return c.json((await readMetrics(p, range)) as never, 200);
    },
  );
  return app;
}
