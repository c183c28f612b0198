// /v1/goals*: a learner's sprint goals — create, list, read, change (status changes are checked).
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createGoal, Goal, GoalInput, GoalPatch, getGoal, listGoals, updateGoal } from "@pactly/core/goals";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json, PageOf, PageQuery } from "../openapi.js";

const tags = ["Goals and matching"];

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
      request: { query: PageQuery },
      responses: { 200: json(PageOf(Goal), "Goals"), ...errors(400, 401) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await listGoals(p, requireActor(c), { limit, cursor: cursor ?? null }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/goals/{id}",
      tags,
      summary: "One of my goals",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(Goal, "The goal"), ...errors(401, 404) },
    }),
    async (c) => c.json(await getGoal(p, requireActor(c), c.req.valid("param").id), 200),
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
