// /v1/content/*: a track's published questions and lessons as learners may see them (never answers,
// explanations, authored hints or hidden tests).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  getPublishedLesson,
  getPublishedQuestion,
  LearnerLesson,
  LearnerQuestion,
  learnerLesson,
  learnerQuestion,
  listPublishedLessons,
  listPublishedQuestions,
  Tag,
  Track,
} from "@pactly/core/content";
import { notFound, type Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors, json } from "../openapi.js";

const tags = ["Tutor and content"];

const Browse = z.object({
  track: Track.openapi({ description: "A sprint type's content track, e.g. `net-prompting`" }),
  tag: Tag.optional().openapi({ description: "Only items with this tag" }),
});
const ContentIdParam = z.object({ id: z.string().min(1).max(80) });

export function contentRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/content/questions",
      tags,
      summary: "A track's published questions, by tag",
      security: bearer,
      request: { query: Browse },
      responses: { 200: json(z.object({ items: z.array(LearnerQuestion) }), "Questions"), ...errors(400, 401) },
    }),
    async (c) => {
      requireActor(c);
      const { track, tag } = c.req.valid("query");
      const items = (await listPublishedQuestions(p, track)).filter((q) => !tag || q.tags.includes(tag));
      return c.json({ items: items.map(learnerQuestion) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/content/questions/{id}",
      tags,
      summary: "One published question",
      security: bearer,
      request: { params: ContentIdParam },
      responses: { 200: json(LearnerQuestion, "The question"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      requireActor(c);
      const { id } = c.req.valid("param");
      const q = await getPublishedQuestion(p, id);
      if (!q) throw notFound("content.question_not_found", `Question "${id}" does not exist.`);
      return c.json(learnerQuestion(q), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/content/lessons",
      tags,
      summary: "A track's published lessons, by tag",
      security: bearer,
      request: { query: Browse },
      responses: { 200: json(z.object({ items: z.array(LearnerLesson) }), "Lessons"), ...errors(400, 401) },
    }),
    async (c) => {
      requireActor(c);
      const { track, tag } = c.req.valid("query");
      const items = (await listPublishedLessons(p, track)).filter((l) => !tag || l.tags.includes(tag));
      return c.json({ items: items.map(learnerLesson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/content/lessons/{id}",
      tags,
      summary: "One published lesson",
      security: bearer,
      request: { params: ContentIdParam },
      responses: { 200: json(LearnerLesson, "The lesson"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      requireActor(c);
      const { id } = c.req.valid("param");
      const l = await getPublishedLesson(p, id);
      if (!l) throw notFound("content.lesson_not_found", `Lesson "${id}" does not exist.`);
      return c.json(learnerLesson(l), 200);
    },
  );

  return app;
}
