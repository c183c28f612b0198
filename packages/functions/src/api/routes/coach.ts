// /v1/sessions/{id}/coach*: the AI coach of a session. Agendas and notes are queued for the coach worker (202 with
// the job and its Location); the session's CoachDoc is read, edited into a new version, listed and compared.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  AgendaRequest,
  addQuizToReviews,
  CoachDiff,
  CoachDoc,
  CoachEdit,
  CoachVersionSummary,
  diffCoachVersions,
  editCoachDoc,
  getCoachDoc,
  getCoachVersion,
  listCoachVersions,
  NotesRequest,
  requestAgenda,
  requestNotes,
  requestTranscriptUpload,
  TranscriptUpload,
  TranscriptUploadRequest,
} from "@pactly/core/coach";
import { Job } from "@pactly/core/jobs";
import type { Platform } from "@pactly/core/platform";
import { KeyPointCards } from "@pactly/core/srs";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json, PageOf, PageQuery, rateLimited } from "../openapi.js";

const tags = ["Coach"];
const VersionParams = IdParam.extend({
  n: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .openapi({ param: { name: "n", in: "path" } }),
});
const DiffQuery = z.strictObject({
  from: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .optional()
    .openapi({ param: { name: "from", in: "query" } }),
  to: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .openapi({ param: { name: "to", in: "query" } }),
});

const queued = {
  description: "Queued (or the same request's job, already queued or done); poll the job at Location",
  headers: { Location: { description: "/v1/jobs/{jobId}", schema: { type: "string" as const, maxLength: 100 } } },
  content: { "application/json": { schema: Job } },
};

export function coachRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/coach/agenda",
      tags,
      summary: "Queue the session's agenda: sprint, session number, earlier notes, goals, tutor mastery, time",
      security: bearer,
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: AgendaRequest } }, required: false },
      },
      responses: rateLimited({ 202: queued, ...errors(400, 401, 403, 404, 409, 429) }),
    }),
    async (c) => {
      const raw = c.req.header("content-length") === "0" ? {} : await c.req.json().catch(() => ({}));
      const { job } = await requestAgenda(p, requireActor(c), c.req.valid("param").id, raw);
      c.header("Location", `/v1/jobs/${job.id}`);
      return c.json(job as never, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/coach/notes",
      tags,
      summary: "Queue notes, action items, a quiz and a proof checklist from the session's transcript",
      description:
        "Send the transcript as text (at most 100 000 characters), or the `uploadKey` of a .txt or WebVTT file " +
        "uploaded through `POST /v1/sessions/{id}/coach/transcript-upload` (at most 200 000 bytes; its text at most " +
        "100 000 characters, else 413). The members are emailed when the notes are ready.",
      security: bearer,
      request: { params: IdParam, ...body(NotesRequest) },
      responses: rateLimited({ 202: queued, ...errors(400, 401, 403, 404, 409, 413, 429) }),
    }),
    async (c) => {
      const { job } = await requestNotes(p, requireActor(c), c.req.valid("param").id, c.req.valid("json"));
      c.header("Location", `/v1/jobs/${job.id}`);
      return c.json(job as never, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/coach/transcript-upload",
      tags,
      summary: "A presigned form upload for a transcript file (.txt or WebVTT), straight to the bucket",
      security: bearer,
      request: { params: IdParam, ...body(TranscriptUploadRequest) },
      responses: rateLimited({
        200: json(TranscriptUpload, "Where and how to upload"),
        ...errors(400, 401, 403, 404, 429),
      }),
    }),
    async (c) =>
      c.json(await requestTranscriptUpload(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/coach",
      tags,
      summary: "The session's latest CoachDoc",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(CoachDoc, "The latest version"), ...errors(401, 403, 404) },
    }),
    async (c) => c.json((await getCoachDoc(p, requireActor(c), c.req.valid("param").id)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/sessions/{id}/coach",
      tags,
      summary: "Edit the CoachDoc: a new version from the one edited, which must still be the latest (else 409)",
      security: bearer,
      request: { params: IdParam, ...body(CoachEdit) },
      responses: { 200: json(CoachDoc, "The new version"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json((await editCoachDoc(p, requireActor(c), c.req.valid("param").id, c.req.valid("json"))) as never, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/coach/versions",
      tags,
      summary: "The CoachDoc's versions, newest first",
      security: bearer,
      request: { params: IdParam, query: PageQuery },
      responses: { 200: json(PageOf(CoachVersionSummary), "Versions"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(
        await listCoachVersions(p, requireActor(c), c.req.valid("param").id, { limit, cursor: cursor ?? null }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/coach/versions/{n}",
      tags,
      summary: "One version of the CoachDoc",
      security: bearer,
      request: { params: VersionParams },
      responses: { 200: json(CoachDoc, "The version"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id, n } = c.req.valid("param");
      return c.json((await getCoachVersion(p, requireActor(c), id, n)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/coach/diff",
      tags,
      summary: "What changed between two versions (by default the latest and the one before it)",
      security: bearer,
      request: { params: IdParam, query: DiffQuery },
      responses: { 200: json(CoachDiff, "The changes"), ...errors(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        (await diffCoachVersions(p, requireActor(c), c.req.valid("param").id, c.req.valid("query"))) as never,
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/coach/quiz/reviews",
      tags,
      summary: "Add the latest quiz's items to my reviews, as recall cards from tomorrow (once per item)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(KeyPointCards, "The quiz's cards in my reviews"), ...errors(401, 403, 404, 409) },
    }),
    async (c) => c.json(await addQuizToReviews(p, requireActor(c), c.req.valid("param").id), 200),
  );

  return app;
}
