// /v1/submissions: code for an exercise, scored by the sandbox worker one at a time. POST answers 202 at once; GET
// shows the status, then the verdict, score and per-test results (hidden tests: passed or not, nothing else).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import { getSubmission, Submission, SubmitCode, submitCode } from "@pactly/core/scoring";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json, rateLimited } from "../openapi.js";

const tags = ["Tutor and content"];

export function submissionRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/submissions",
      tags,
      summary: "Submit code for a code exercise; the scoring worker runs it against the tests",
      description:
        "With `sessionId`, the exercise must be that learning session's current item; the result reaches the session " +
        "as an attempt. Poll `GET /v1/submissions/{id}` for the verdict.",
      security: bearer,
      request: body(SubmitCode),
      responses: rateLimited({ 202: json(Submission, "Queued"), ...errors(400, 401, 404, 409, 429) }),
    }),
    async (c) => c.json((await submitCode(p, requireActor(c).userId, c.req.valid("json"))) as never, 202),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/submissions/{id}",
      tags,
      summary: "A submission's status, verdict, score and per-test results",
      security: bearer,
      request: { params: z.object({ id: z.string().min(1).max(40) }) },
      responses: { 200: json(Submission, "The submission"), ...errors(400, 401, 404) },
    }),
    async (c) => c.json((await getSubmission(p, requireActor(c).userId, c.req.valid("param").id)) as never, 200),
  );

  return app;
}
