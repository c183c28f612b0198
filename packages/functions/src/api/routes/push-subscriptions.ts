// /v1/me/push-subscriptions: web push for this device, opted into per device; GET gives the server's public key.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import {
  deletePushSubscription,
  getPushSettings,
  PushSettings,
  PushSubscriptionInput,
  PushSubscriptionRef,
  PushSubscriptionView,
  putPushSubscription,
} from "@pactly/core/notifications";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json } from "../openapi.js";

const tags = ["Notifications"];

export function pushSubscriptionRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/push-subscriptions",
      tags,
      summary: "The server's VAPID public key (null when web push is off) and my subscribed devices",
      security: bearer,
      responses: { 200: json(PushSettings, "Push settings"), ...errors(401) },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json(await getPushSettings(p, actor, actor.userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/me/push-subscriptions",
      tags,
      summary: "Notify this device: keep the browser's push subscription (PushSubscription.toJSON())",
      description:
        "The same endpoint again replaces the subscription. Reminders, check-in nudges and session changes come by push.",
      security: bearer,
      request: body(PushSubscriptionInput),
      responses: { 200: json(PushSubscriptionView, "The subscription"), ...errors(400, 401, 409) },
    }),
    async (c) => {
      const actor = requireActor(c);
      return c.json(await putPushSubscription(p, actor, actor.userId, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me/push-subscriptions",
      tags,
      summary: "Stop notifying this device (its endpoint in the body)",
      security: bearer,
      request: body(PushSubscriptionRef),
      responses: { 204: { description: "No longer subscribed" }, ...errors(400, 401) },
    }),
    async (c) => {
      const actor = requireActor(c);
      await deletePushSubscription(p, actor, actor.userId, c.req.valid("json").endpoint);
      return c.body(null, 204);
    },
  );

  return app;
}
