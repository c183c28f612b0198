// /v1/content/*: a track's published questions and lessons as learners may see them (never answers,
// explanations, authored hints or hidden tests).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  getPublished,
  LearnerLesson,
  LearnerQuestion,
  learnerLesson,
  learnerQuestion,
  listPublished,
  type PublishedLesson,
  type PublishedQuestion,
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

const KINDS = [
  {
    kind: "question",
    plural: "questions",
    schema: LearnerQuestion,
    view: (item: unknown) => learnerQuestion(item as PublishedQuestion),
  },
  {
    kind: "lesson",
    plural: "lessons",
    schema: LearnerLesson,
    view: (item: unknown) => learnerLesson(item as PublishedLesson),
  },
] as const;

export function contentRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  for (const { kind, plural, schema, view } of KINDS) {
    app.openapi(
      createRoute({
        method: "get",
        path: `/content/${plural}`,
        tags,
        summary: `A track's published ${plural}, by tag`,
        security: bearer,
        request: { query: Browse },
        responses: { 200: json(z.object({ items: z.array(schema) }), `The ${plural}`), ...errors(400, 401) },
      }),
      async (c) => {
        requireActor(c);
        const { track, tag } = c.req.valid("query");
        const items = (await listPublished(p, kind, track)).filter((item) => !tag || item.tags.includes(tag));
        return c.json({ items: items.map((item) => view(item)) } as never, 200);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `/content/${plural}/{id}`,
        tags,
        summary: `One published ${kind}`,
        security: bearer,
        request: { params: ContentIdParam },
        responses: { 200: json(schema, `The ${kind}`), ...errors(400, 401, 404) },
      }),
      async (c) => {
        requireActor(c);
        const { id } = c.req.valid("param");
        const item = await getPublished(p, kind, id);
        if (!item)
          throw notFound(
            `content.${kind}_not_found`,
            `${kind === "question" ? "Question" : "Lesson"} "${id}" does not exist.`,
          );
        return c.json(view(item) as never, 200);
      },
    );
  }
  return app;
}
