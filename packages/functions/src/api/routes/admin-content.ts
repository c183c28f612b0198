// /v1/admin/content/*: authoring the question bank and lessons — list a track with drafts, save a draft, publish
// it as the next immutable version, archive. Admins only (the /v1/admin guard).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  archive,
  type ContentKind,
  ContentPack,
  exportPack,
  getHead,
  importPack,
  LessonBody,
  listHeads,
  listVersions,
  publish,
  QuestionBody,
  saveDraft,
  Track,
} from "@pactly/core/content";
import { AppError, badRequest, notFound, type Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json } from "../openapi.js";

const tags = ["Content authoring"];
const ContentIdParam = z.object({ id: z.string().min(1).max(80) });

const KINDS = [
  { kind: "question", plural: "questions", schema: QuestionBody, name: "AuthoredQuestion" },
  { kind: "lesson", plural: "lessons", schema: LessonBody, name: "AuthoredLesson" },
] as const;

const VersionInfo = z.object({ number: z.number().int(), publishedAt: z.string(), publishedBy: z.string() });

function headSchema(item: z.ZodTypeAny, name: string) {
  return z
    .object({
      id: z.string(),
      kind: z.enum(["question", "lesson"]),
      track: z.string(),
      status: z.enum(["draft", "published", "archived"]),
      draft: item.nullable().openapi({ description: "Pending changes over the published version, if any" }),
      published: item.nullable(),
      publishedVersion: z.number().int(),
      publishedAt: z.string().nullable(),
      updatedAt: z.string(),
      updatedBy: z.string(),
      version: z.number().int().openapi({ description: "Send it back as `If-Match` to save without overwriting" }),
    })
    .openapi(name);
}

type Head = Awaited<ReturnType<typeof getHead>>;
const view = (h: NonNullable<Head>) => ({
  id: h.id,
  kind: h.kind,
  track: h.track,
  status: h.status,
  draft: h.draft,
  published: h.published,
  publishedVersion: h.publishedVersion,
  publishedAt: h.publishedAt,
  updatedAt: h.updatedAt,
  updatedBy: h.updatedBy,
  version: h.version ?? 0,
});

/** `If-Match: 3` (or `"3"`): the head's version the editor started from. */
function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const n = Number(header.replace(/"/g, "").trim());
  if (!Number.isInteger(n) || n < 0) throw badRequest("content.if_match", "If-Match must be the item's version.");
  return n;
}

const PackReport = z
  .object({
    ok: z.boolean(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })),
    counts: z.object({ questions: z.number().int(), lessons: z.number().int(), codeExercises: z.number().int() }),
    changes: z.array(
      z.object({
        kind: z.enum(["question", "lesson"]),
        id: z.string(),
        change: z.enum(["new", "changed", "unchanged"]),
      }),
    ),
  })
  .openapi("PackReport");

const ImportRequest = z
  .object({
    pack: z.unknown().openapi({ description: "A content pack (`format: pactly.content-pack/1`); checked in full" }),
    publish: z.boolean().default(true).openapi({ description: "Publish new and changed items (else: drafts)" }),
    dryRun: z.boolean().default(false).openapi({ description: "Report what would change, write nothing" }),
  })
  // The pack may be any JSON value (its checks report what is wrong with it), but it must be there.
  .openapi({ required: ["pack"] });

export function adminContentRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/content/packs/import",
      tags,
      summary: "Import a content pack, or check it with a dry run",
      description:
        "A pack with any problem imports nothing: the 422 lists every problem with its path in `details.report`.",
      security: bearer,
      request: body(ImportRequest),
      responses: { 200: json(PackReport, "What the import changed (or would)"), ...errors(400, 401, 403, 413, 422) },
    }),
    async (c) => {
      const { pack, publish: publishAll, dryRun } = c.req.valid("json");
      const report = await importPack(p, pack, { by: requireActor(c).userId, publish: publishAll, dryRun });
      if (!report.ok)
        throw new AppError(422, "content.pack_invalid", `The pack has ${report.problems.length} problem(s).`, {
          details: { report },
        });
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/content/packs/export",
      tags,
      summary: "A track's published questions and lessons as a content pack",
      security: bearer,
      request: {
        query: z.object({
          track: Track,
          name: z
            .string()
            .regex(/^[a-z0-9_]+$/)
            .max(60),
        }),
      },
      responses: { 200: json(ContentPack, "The pack"), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const { track, name } = c.req.valid("query");
      return c.json((await exportPack(p, { track, name })) as never, 200);
    },
  );
  for (const { kind, plural, schema, name } of KINDS) {
    const Head = headSchema(schema, name);
    const noun = kind === "question" ? "question" : "lesson";
    const found = async (id: string) => {
      const head = await getHead(p, kind as ContentKind, id);
      if (!head) throw notFound(`content.${kind}_not_found`, `No ${noun} "${id}".`);
      return head;
    };

    app.openapi(
      createRoute({
        method: "get",
        path: `/admin/content/${plural}`,
        tags,
        summary: `A track's ${plural} in any state, with drafts`,
        security: bearer,
        request: { query: z.object({ track: Track }) },
        responses: { 200: json(z.object({ items: z.array(Head) }), `The track's ${plural}`), ...errors(400, 401, 403) },
      }),
      async (c) => {
        const items = await listHeads(p, kind as ContentKind, c.req.valid("query").track);
        return c.json({ items: items.map(view) } as never, 200);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `/admin/content/${plural}/{id}`,
        tags,
        summary: `One ${noun} with its draft and published versions`,
        security: bearer,
        request: { params: ContentIdParam },
        responses: {
          200: json(Head.extend({ versions: z.array(VersionInfo) }), `The ${noun}`),
          ...errors(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const head = await found(id);
        return c.json({ ...view(head), versions: await listVersions(p, kind as ContentKind, id) } as never, 200);
      },
    );

    app.openapi(
      createRoute({
        method: "put",
        path: `/admin/content/${plural}/{id}`,
        tags,
        summary: `Save a ${noun} as a draft (new, or changes over the published version)`,
        description: "Send `If-Match` with the version you loaded: a save over someone else's change is a 409.",
        security: bearer,
        request: { params: ContentIdParam, ...body(schema) },
        responses: { 200: json(Head, "The saved draft"), ...errors(400, 401, 403, 409) },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const input = c.req.valid("json") as { id: string };
        if (input.id !== id) throw badRequest("content.id_mismatch", `The body's id "${input.id}" is not "${id}".`);
        const by = requireActor(c).userId;
        const expected = expectedVersion(c.req.header("if-match"));
        const head = await saveDraft(p, kind as ContentKind, input, {
          by,
          ...(expected === undefined ? {} : { expectedVersion: expected }),
        });
        return c.json(view(head) as never, 200);
      },
    );

    for (const action of ["publish", "archive"] as const) {
      app.openapi(
        createRoute({
          method: "post",
          path: `/admin/content/${plural}/{id}/${action}`,
          tags,
          summary:
            action === "publish"
              ? `Publish the ${noun}'s draft as its next version (or bring an archived one back)`
              : `Take the ${noun} out of what learners are offered (its versions stay)`,
          security: bearer,
          request: { params: ContentIdParam },
          responses: { 200: json(Head, `The ${noun}`), ...errors(401, 403, 404, 409) },
        }),
        async (c) => {
          const { id } = c.req.valid("param");
          const by = requireActor(c).userId;
          const head =
            action === "publish"
              ? await publish(p, kind as ContentKind, id, { by })
              : await archive(p, kind as ContentKind, id, { by });
          return c.json(view(head) as never, 200);
        },
      );
    }
  }
  return app;
}
