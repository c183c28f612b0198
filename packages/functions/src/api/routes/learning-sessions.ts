// /v1/learning-sessions/*: the tutor. A learner starts (or resumes) a diagnostic or practice session, gets the next
// item, answers it, climbs the hint ladder one rung at a time and talks to the tutor. No response carries an
// item's answer, explanation or hidden tests before the item is solved or its level 5 is shown.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  AttemptInput,
  endLearningSession,
  getLearningSession,
  HintInput,
  LearningSessionSummary,
  LearningSessionView,
  listLearningSessions,
  MessageInput,
  nextItem,
  requestHint,
  StartLearningSession,
  sendMessage,
  startLearningSession,
  submitAttempt,
} from "@pactly/core/tutor";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json, rateLimited } from "../openapi.js";

const tags = ["Tutor and content"];
const IdParam = z.object({ id: z.string().min(1).max(40) });

const TestResultView = z.object({
  name: z.string(),
  hidden: z.boolean(),
  passed: z.boolean(),
  verdict: z.string(),
  got: z.unknown().optional(),
  expected: z.unknown().optional(),
  error: z.string().optional(),
  ms: z.number(),
});
const AttemptResult = z
  .object({
    correct: z.boolean(),
    score: z.number(),
    feedback: z.string(),
    /** Code exercises: the verdict and each test's result (hidden tests: passed or not, nothing else). */
    details: z
      .object({
        verdict: z.string(),
        passed: z.number().int(),
        total: z.number().int(),
        tests: z.array(TestResultView),
      })
      .optional(),
    session: LearningSessionView,
  })
  .openapi("AttemptResult");
const HintResult = z
  .object({ level: z.number().int(), text: z.string(), session: LearningSessionView })
  .openapi("HintResult");
const MessageResult = z
  .object({ reply: z.string(), source: z.enum(["llm", "offline"]), session: LearningSessionView })
  .openapi("TutorReply");

export function learningSessionRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/learning-sessions",
      tags,
      summary: "My learning sessions, newest first",
      security: bearer,
      responses: { 200: json(z.object({ items: z.array(LearningSessionSummary) }), "The sessions"), ...errors(401) },
    }),
    async (c) => c.json({ items: await listLearningSessions(p, requireActor(c).userId) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/learning-sessions",
      tags,
      summary: "Start a diagnostic or practice session (or resume the open one of that mode and track)",
      security: bearer,
      request: body(StartLearningSession),
      responses: {
        201: json(LearningSessionView, "Started"),
        200: json(LearningSessionView, "The open session, resumed"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => {
      const { session, resumed } = await startLearningSession(p, requireActor(c).userId, c.req.valid("json"));
      return c.json(session as never, resumed ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/learning-sessions/{id}",
      tags,
      summary: "A session's state and events (to resume it)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(LearningSessionView, "The session"), ...errors(400, 401, 404) },
    }),
    async (c) => c.json((await getLearningSession(p, requireActor(c).userId, c.req.valid("param").id)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/learning-sessions/{id}/next",
      tags,
      summary: "The item in front of me: the unfinished one again, or the next one the path picks",
      description:
        "With `skip=true` an unfinished item is left (it counts as missed if it was tried) and the next comes.",
      security: bearer,
      request: { params: IdParam, query: z.object({ skip: z.enum(["true", "false"]).optional() }) },
      responses: { 200: json(LearningSessionView, "The session with its current item"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => {
      const skip = c.req.valid("query").skip === "true";
      return c.json((await nextItem(p, requireActor(c).userId, c.req.valid("param").id, { skip })) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/learning-sessions/{id}/attempts",
      tags,
      summary: "Answer the current item",
      security: bearer,
      request: { params: IdParam, ...body(AttemptInput) },
      responses: rateLimited({ 200: json(AttemptResult, "Graded"), ...errors(400, 401, 404, 409, 429) }),
    }),
    async (c) => {
      const result = await submitAttempt(p, requireActor(c).userId, c.req.valid("param").id, c.req.valid("json"));
      return c.json(result as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/learning-sessions/{id}/hints",
      tags,
      summary: "The next level of the hint ladder for the current item",
      description:
        "Level N unlocks only after an attempt made at level N−1, one level at a time (409 `tutor.hint_locked`). " +
        "Asking again for a level already shown returns it unchanged.",
      security: bearer,
      request: { params: IdParam, ...body(HintInput) },
      responses: { 200: json(HintResult, "The hint"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => {
      const result = await requestHint(p, requireActor(c).userId, c.req.valid("param").id, c.req.valid("json"));
      return c.json(result as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/learning-sessions/{id}/messages",
      tags,
      summary: "Talk to the tutor about the current item",
      security: bearer,
      request: { params: IdParam, ...body(MessageInput) },
      responses: rateLimited({ 200: json(MessageResult, "The tutor's reply"), ...errors(400, 401, 404, 409, 429) }),
    }),
    async (c) => {
      const result = await sendMessage(p, requireActor(c).userId, c.req.valid("param").id, c.req.valid("json"));
      return c.json(result as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/learning-sessions/{id}/end",
      tags,
      summary: "Finish the session (a diagnostic's mastery vector comes with it)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(LearningSessionView, "The ended session"), ...errors(400, 401, 404) },
    }),
    async (c) => c.json((await endLearningSession(p, requireActor(c).userId, c.req.valid("param").id)) as never, 200),
  );

  return app;
}
