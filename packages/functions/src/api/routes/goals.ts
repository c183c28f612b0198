// /v1/goals*: a learner's sprint goals — create, list, read, change (status changes are checked).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  createGoal,
  Goal,
  GoalInput,
  GoalPatch,
  getGoal,
  listGoals,
  pageWithPods,
  updateGoal,
  withPods,
} from "@pactly/core/goals";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json, PageOf, PageQuery } from "../openapi.js";

const tags = ["Goals and matching"];

/** `include=pod`: each goal with the learner's pod for its sprint, whose slots replace the goal's preferred days. */
const Include = z.object({
  include: z
    .enum(["pod"])
    .optional()
    .openapi({ description: "`pod`: add the learner's pod for the goal's sprint (its weekly slots); one read more" }),
});

export function goalRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/goals",
      tags,
      summary: "Create a goal for a sprint type",
      security: bearer,
      request: body(GoalInput),
      responses: { 201: json(Goal, "The goal"), ...errors(400, 401) },
    }),
    async (c) => c.json(await createGoal(p, requireActor(c), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/goals",
      tags,
      summary: "My goals, newest first",
      security: bearer,
      request: { query: PageQuery.extend(Include.shape) },
      responses: { 200: json(PageOf(Goal), "Goals"), ...errors(400, 401) },
    }),
    async (c) => {
      const { limit, cursor, include } = c.req.valid("query");
      const actor = requireActor(c);
      const page = await listGoals(p, actor, { limit, cursor: cursor ?? null });
      return c.json(include === "pod" ? await pageWithPods(p, actor, page) : page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/goals/{id}",
      tags,
      summary: "One of my goals",
      security: bearer,
      request: { params: IdParam, query: Include },
      responses: { 200: json(Goal, "The goal"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const actor = requireActor(c);
      const goal = await getGoal(p, actor, c.req.valid("param").id);
      if (c.req.valid("query").include !== "pod") return c.json(goal, 200);
      const [withPod] = await withPods(p, actor, [goal]);
      return c.json(withPod!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/goals/{id}",
      tags,
      summary: "Change a goal: title, schedule, proof method, dates or status (invalid status changes: 409)",
      security: bearer,
      request: { params: IdParam, ...body(GoalPatch) },
      responses: { 200: json(Goal, "The goal"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await updateGoal(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  return app;
}
