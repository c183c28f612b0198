// /v1/admin/users*: admins list accounts, read one, and grant or withdraw the admin role.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole } from "@pactly/core/access";
import { getProfile, listUsers, Profile, setRole } from "@pactly/core/accounts";
import type { Platform } from "@pactly/core/platform";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, errors, IdParam, PageOf, PageQuery } from "../openapi.js";

const tags = ["Admin"];
const RoleInput = z.object({ role: z.enum(["learner", "admin"]) }).openapi("RoleInput");

export function adminUserRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/users",
      tags,
      summary: "Every account, oldest first",
      security: bearer,
      request: { query: PageQuery },
      responses: {
        200: { description: "Accounts", content: { "application/json": { schema: PageOf(Profile) } } },
        ...errors(400, 401, 403),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await listUsers(p, requireActor(c), { limit, cursor: cursor ?? null }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/users/{id}",
      tags,
      summary: "One account",
      security: bearer,
      request: { params: IdParam },
      responses: {
        200: { description: "Profile", content: { "application/json": { schema: Profile } } },
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const actor = requireActor(c);
      requireRole(actor, "admin", "system");
      return c.json(await getProfile(p, actor, c.req.valid("param").id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/admin/users/{id}/role",
      tags,
      summary: "Grant or withdraw the admin role",
      security: bearer,
      request: { params: IdParam, body: { content: { "application/json": { schema: RoleInput } }, required: true } },
      responses: {
        200: { description: "Profile", content: { "application/json": { schema: Profile } } },
        ...errors(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await setRole(p, requireActor(c), c.req.valid("param").id, c.req.valid("json").role), 200),
  );

  return app;
}
