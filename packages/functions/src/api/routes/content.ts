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
  searchContent,
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

const SearchQuery = z.object({
  q: z.string().trim().min(2).max(200).openapi({ description: "What to look for" }),
  track: Track,
  kind: z.enum(["question", "lesson"]).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
const SearchHit = z
  .object({
    kind: z.enum(["question", "lesson"]),
    id: z.string(),
    title: z.string(),
    snippet: z.string(),
    tags: z.array(z.string()),
    score: z.number(),
    matchedBy: z.array(z.enum(["lexical", "vector"])),
  })
  .openapi("ContentSearchHit");

export function contentRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/content/search",
      tags,
      summary: "Search a track's questions and lessons",
      description:
        "Lexical (prefix and fuzzy), plus vector similarity when an embeddings model is configured. Only what " +
        "learners may see is searched: never answers, explanations, hints or tests.",
      security: bearer,
      request: { query: SearchQuery },
      responses: { 200: json(z.object({ items: z.array(SearchHit) }), "The hits, best first"), ...errors(400, 401) },
    }),
    async (c) => {
      requireActor(c);
      const { q, track, kind, limit } = c.req.valid("query");
      return c.json({ items: await searchContent(p, { q, track, ...(kind ? { kind } : {}), limit }) }, 200);
    },
  );
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
