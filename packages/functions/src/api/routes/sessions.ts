// /v1/sessions*, /v1/pods/{id}/sessions, /v1/calendar/*, /v1/uploads/proof and /v1/me/calendar-feed: a pod's meetings.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  AddSessionInput,
  addSession,
  CalendarFeed,
  CancelInput,
  CheckIn,
  CheckInInput,
  calendarFeed,
  cancelSession,
  EndResult,
  endSession,
  getSession,
  joinSession,
  listCheckIns,
  listPodSessions,
  ProofUpload,
  ProofUploadInput,
  RescheduleInput,
  requestProofUpload,
  rescheduleSession,
  rotateCalendarFeed,
  Session,
  SessionDetails,
  sessionIcs,
  startSession,
  submitCheckIn,
} from "@pactly/core/sessions";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json } from "../openapi.js";

const tags = ["Sessions and check-ins"];
const ics = (description: string) => ({ description, content: { "text/calendar": { schema: z.string() } } });
const FeedParam = z.object({
  file: z
    .string()
    .max(47)
    .regex(/^[A-Za-z0-9_-]{43}\.ics$/)
    .openapi({ param: { name: "file", in: "path" }, example: "Q2FsZW5kYXJGZWVkVG9rZW5FeGFtcGxlMDEyMzQ1Njc.ics" }),
});

export function sessionRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/pods/{id}/sessions",
      tags,
      summary: "The pod's sessions in time order, each in my local time",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(Session) }), "Sessions"), ...errors(401, 404) },
    }),
    async (c) => c.json({ items: await listPodSessions(p, requireActor(c), c.req.valid("param").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/pods/{id}/sessions",
      tags,
      summary: "Add a session to an active pod, at a time every member can make",
      security: bearer,
      request: { params: IdParam, ...body(AddSessionInput) },
      responses: { 201: json(Session, "The new session"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await addSession(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}",
      tags,
      summary: "One session: my room link, participants and their attendance, status and history",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(SessionDetails, "The session"), ...errors(401, 404) },
    }),
    async (c) => c.json(await getSession(p, requireActor(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/join",
      tags,
      summary: "Record my join time and go to the video room (JSON with `url` when asked for application/json)",
      security: bearer,
      request: { params: IdParam },
      responses: {
        302: { description: "To the video room" },
        200: json(z.object({ url: z.string() }), "The room's address, for clients that open it themselves"),
        ...errors(401, 404, 409),
      },
    }),
    async (c) => {
      const url = await joinSession(p, requireActor(c), c.req.valid("param").id);
      if ((c.req.header("accept") ?? "").includes("application/json")) return c.json({ url }, 200);
      return c.redirect(url, 302);
    },
  );

  for (const [path, summary] of [
    ["start", "Start the session (from 15 minutes before; it starts on time by itself)"],
    ["end", "End the running session; answers each member's attendance"],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/sessions/{id}/${path}`,
        tags,
        summary,
        security: bearer,
        request: { params: IdParam },
        responses: {
          200: path === "start" ? json(Session, "The session") : json(EndResult, "The session and attendance"),
          ...errors(401, 404, 409),
        },
      }),
      async (c) => {
        const actor = requireActor(c);
        const id = c.req.valid("param").id;
        return c.json(path === "start" ? await startSession(p, actor, id) : await endSession(p, actor, id), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/cancel",
      tags,
      summary: "Cancel a session that has not started, with a reason; every member is told",
      security: bearer,
      request: { params: IdParam, ...body(CancelInput) },
      responses: { 200: json(Session, "The cancelled session"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await cancelSession(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/reschedule",
      tags,
      summary: "Move a session to its backup time or another time every member can make, with a reason",
      security: bearer,
      request: { params: IdParam, ...body(RescheduleInput) },
      responses: { 200: json(Session, "The moved session"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await rescheduleSession(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/ics",
      tags,
      summary: "The session as a calendar file (UTC times, the session page as its link)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: ics("An iCalendar file"), ...errors(401, 404) },
    }),
    async (c) => {
      const text = await sessionIcs(p, requireActor(c), c.req.valid("param").id);
      return c.body(text, 200, {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `attachment; filename="session.ics"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/calendar/{file}",
      tags,
      summary: "My private calendar feed (its URL is the secret; rotate it to revoke)",
      request: { params: FeedParam },
      responses: { 200: ics("An iCalendar feed"), ...errors(400, 404) },
    }),
    async (c) => {
      const text = await calendarFeed(p, c.req.valid("param").file.slice(0, -".ics".length));
      return c.body(text, 200, {
        "content-type": "text/calendar; charset=utf-8",
        "cache-control": "private, max-age=300",
      });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/calendar-feed",
      tags,
      summary: "Create my private calendar feed, or replace it (the old URL stops working)",
      security: bearer,
      responses: { 201: json(CalendarFeed, "The feed's URL, shown this once"), ...errors(401) },
    }),
    async (c) => c.json(await rotateCalendarFeed(p, requireActor(c)), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/uploads/proof",
      tags,
      summary: "A signed form to upload proof of effort straight to storage (images, PDF, text; at most 10 MB)",
      security: bearer,
      request: body(ProofUploadInput),
      responses: { 201: json(ProofUpload, "The form to post the file with"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await requestProofUpload(p, requireActor(c), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/sessions/{id}/checkins",
      tags,
      summary: "Check in (or change my check-in, within 48 hours)",
      security: bearer,
      request: { params: IdParam, ...body(CheckInInput) },
      responses: { 200: json(CheckIn, "My check-in"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await submitCheckIn(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/sessions/{id}/checkins",
      tags,
      summary: "The pod's check-ins for the session",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(CheckIn) }), "Check-ins"), ...errors(401, 404) },
    }),
    async (c) => c.json({ items: await listCheckIns(p, requireActor(c), c.req.valid("param").id) }, 200),
  );

  return app;
}
