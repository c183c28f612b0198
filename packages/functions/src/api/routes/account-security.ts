// /v1/me/password, /v1/me/email and /v1/auth/email-change: changing how a signed-in account signs in.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import {
  Accepted,
  AccessTokenResponse,
  ChangeEmailInput,
  ChangePasswordInput,
  changePassword,
  confirmEmailChange,
  requestEmailChange,
  TokenInput,
} from "@pactly/core/auth";
import type { Platform } from "@pactly/core/platform";
import { tokenResponse } from "../auth.js";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json } from "../openapi.js";

const tags = ["Accounts"];
const REAUTH =
  "Needs a sign-in of the last 10 minutes (a refreshed token does not count): otherwise 401 `auth.reauth_required`.";

export function accountSecurityRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      tags,
      summary: "Change my password: every other sign-in ends, this device gets a new one",
      description: `${REAUTH} An account that has a password must give it as \`currentPassword\` (else 401 \`auth.wrong_password\`).`,
      security: bearer,
      request: body(ChangePasswordInput),
      responses: {
        200: json(AccessTokenResponse, "Changed; a fresh sign-in for this device"),
        ...errors(400, 401, 404),
      },
    }),
    async (c) => c.json(tokenResponse(c, p, await changePassword(p, requireActor(c), c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/email",
      tags,
      summary: "Ask to change my email: a link goes to the new address, the current one is told",
      description: `${REAUTH} The answer is the same whether or not the new address has an account.`,
      security: bearer,
      request: body(ChangeEmailInput),
      responses: { 202: json(Accepted, "A link is on its way to the new address"), ...errors(400, 401, 404) },
    }),
    async (c) => {
      await requestEmailChange(p, requireActor(c), c.req.valid("json").email);
      return c.json({ status: "confirmation_sent" }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/email-change/confirm",
      tags,
      summary: "Confirm a new email with the token sent to it; every sign-in ends",
      request: body(TokenInput),
      responses: { 200: json(Accepted, "The account uses the new address"), ...errors(400, 404, 409) },
    }),
    async (c) => {
      await confirmEmailChange(p, c.req.valid("json").token);
      return c.json({ status: "email_changed" }, 200);
    },
  );

  return app;
}
