// POST /v1/auth/dev-login: sign in as any email, in the local runtime only. The Lambda bundle never imports this
// file: it is mounted through createApp's `extend` by the local runtime, and core refuses it unless the runtime
// switched dev sign-in on in the config.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { AccessTokenResponse, assertDevSignIn, DevLoginInput, devLogIn } from "@pactly/core/auth";
import type { Platform } from "@pactly/core/platform";
import { tokenResponse } from "../api/auth.js";
import type { AppEnv } from "../api/env.js";
import { errors } from "../api/openapi.js";
import type { RouteGroup } from "../domains.js";

/** Mounted by the local runtime (and the web client's type generation) in front of the auth routes. */
export const DEV_LOGIN_ROUTES: RouteGroup = { prefix: "/auth/dev-login", load: async () => devLoginRoutes };

export function devLoginRoutes(p: Platform) {
  assertDevSignIn(p);
  return new OpenAPIHono<AppEnv>().openapi(
    createRoute({
      method: "post",
      path: "/auth/dev-login",
      tags: ["Accounts"],
      summary: "Local runtime only: sign in as any email (created verified on first use)",
      request: { body: { content: { "application/json": { schema: DevLoginInput } }, required: true } },
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: AccessTokenResponse } } },
        ...errors(400),
      },
    }),
    async (c) => c.json(tokenResponse(c, p, await devLogIn(p, c.req.valid("json"))), 200),
  );
}
