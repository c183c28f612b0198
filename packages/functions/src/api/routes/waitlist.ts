// /v1/waitlist*: join a sprint type's waitlist with matching signals, see my entries, leave.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import { JoinWaitlistInput, joinWaitlist, leaveWaitlist, listWaitlist, WaitlistEntry } from "@pactly/core/pods";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors } from "../openapi.js";

const tags = ["Goals and matching"];

export function waitlistRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/waitlist",
      tags,
      summary: "Join a sprint type's waitlist (signals left out come from my preferences)",
      description:
        "One entry per sprint type: 409 `waitlist.already_joined` when already waiting, `pod.already_member` when in a pod for it. Bad signals (overlapping windows, unknown timezone) answer 400 `matching.invalid_signals`.",
      security: bearer,
      request: { body: { content: { "application/json": { schema: JoinWaitlistInput } }, required: true } },
      responses: {
        201: { description: "On the waitlist", content: { "application/json": { schema: WaitlistEntry } } },
        ...errors(400, 401, 404, 409),
      },
    }),
    async (c) => c.json(await joinWaitlist(p, requireActor(c), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/waitlist",
      tags,
      summary: "My waitlist entries, with why the last formation run left me waiting",
      security: bearer,
      responses: {
        200: {
          description: "Entries",
          content: { "application/json": { schema: z.object({ items: z.array(WaitlistEntry) }) } },
        },
        ...errors(401),
      },
    }),
    async (c) => c.json({ items: await listWaitlist(p, requireActor(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/waitlist/{sprintType}",
      tags,
      summary: "Leave a sprint type's waitlist",
      security: bearer,
      request: {
        params: z.object({
          sprintType: z
            .string()
            .min(1)
            .max(40)
            .openapi({ param: { name: "sprintType", in: "path" } }),
        }),
      },
      responses: { 204: { description: "Left" }, ...errors(401, 404, 409) },
    }),
    async (c) => {
      await leaveWaitlist(p, requireActor(c), c.req.valid("param").sprintType);
      return c.body(null, 204);
    },
  );

  return app;
}
