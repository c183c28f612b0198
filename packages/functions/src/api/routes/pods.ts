// /v1/pods*: my pods, one pod with members, scores and the meeting time, and answering or leaving a pod.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  acceptInvitation,
  declineInvitation,
  getPod,
  listMyPods,
  PodAnswer,
  PodSummary,
  PodView,
  RematchInput,
  requestRematch,
  WaitlistEntry,
} from "@pactly/core/pods";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors, IdParam, json, PageOf, PageQuery } from "../openapi.js";

const tags = ["Goals and matching"];

export function podRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/pods",
      tags,
      summary: "My pods: invitations, current and past, newest first",
      security: bearer,
      request: { query: PageQuery },
      responses: { 200: json(PageOf(PodSummary), "Pods"), ...errors(400, 401) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await listMyPods(p, requireActor(c), { limit, cursor: cursor ?? null }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/pods/{id}",
      tags,
      summary: "One of my pods: members, pairwise and group scores, the meeting time in my timezone, and why we fit",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(PodView, "The pod"), ...errors(401, 404) },
    }),
    async (c) => c.json(await getPod(p, requireActor(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/pods/{id}/accept",
      tags,
      summary: "Accept a pod invitation (the pod starts once enough members accepted and all answered)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(PodAnswer, "My answer and the pod's status"), ...errors(401, 404, 409) },
    }),
    async (c) => c.json(await acceptInvitation(p, requireActor(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/pods/{id}/decline",
      tags,
      summary: "Decline a pod invitation (the place is offered to someone on the waitlist)",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(PodAnswer, "My answer and the pod's status"), ...errors(401, 404, 409) },
    }),
    async (c) => c.json(await declineInvitation(p, requireActor(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/pods/{id}/rematch",
      tags,
      summary: "Leave the pod with a reason and go back to the waitlist with priority",
      security: bearer,
      request: {
        params: IdParam,
        body: { content: { "application/json": { schema: RematchInput } }, required: true },
      },
      responses: { 200: json(WaitlistEntry, "My new waitlist entry"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json(await requestRematch(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  return app;
}
