// /v1/admin/matching* and /v1/admin/pods*: who waits, run pod formation now, disband a pod.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "@pactly/core/access";
import type { Platform } from "@pactly/core/platform";
import {
  AdminWaitlist,
  adminWaitlist,
  disbandPod,
  FormationRun,
  FormationRunInput,
  PodStatus,
  runFormation,
} from "@pactly/core/pods";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors } from "../openapi.js";

const tags = ["Admin"];

export function adminMatchingRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/matching/waitlist",
      tags,
      summary: "Who waits for each sprint type: counts by language and the first in line, by name",
      description:
        "Every sprint type of the catalog, with how many learners wait, per language, and up to 20 of them (rematched first, then by joining time). Read from the waitlist index, so a learner who joined a moment ago may not show yet.",
      security: bearer,
      responses: {
        200: { description: "The waitlists", content: { "application/json": { schema: AdminWaitlist } } },
        ...errors(401, 403),
      },
    }),
    async (c) => c.json(await adminWaitlist(p, requireActor(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/matching/run",
      tags,
      summary: "Form pods from a sprint type's waitlist now (the daily job does the same)",
      description:
        "Safe to repeat and to run concurrently: nobody is placed in two pods. A `podSize` outside the sprint type's answers 400 `matching.pod_size_out_of_range`.",
      security: bearer,
      request: { body: { content: { "application/json": { schema: FormationRunInput } }, required: true } },
      responses: {
        200: { description: "What the run did", content: { "application/json": { schema: FormationRun } } },
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await runFormation(p, requireActor(c), c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/pods/{id}/disband",
      tags,
      summary: "End a pod now; its members go back to the waitlist with priority",
      security: bearer,
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "id", in: "path" } }),
        }),
        body: {
          content: {
            "application/json": {
              schema: z.object({ reason: z.string().trim().min(1).max(200) }).openapi("DisbandInput"),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The pod's status",
          content: { "application/json": { schema: z.object({ podId: z.string(), status: PodStatus }) } },
        },
        ...errors(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      requireRole(actor, "admin", "system");
      const podId = c.req.valid("param").id;
      return c.json({ podId, status: await disbandPod(p, actor, podId, c.req.valid("json").reason) }, 200);
    },
  );

  return app;
}
