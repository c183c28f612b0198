// Authentication at the edge: a Bearer access token becomes the request's `actor`.
import type { Platform } from "@pactly/core/platform";
import { AppError, forbidden, unauthorized } from "@pactly/core/platform/errors";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

/**
 * Routes that take no access token: the auth routes (the refresh cookie is scoped to them) and the public ones, which
 * check a signature or a token in the path, if anything.
 */
const WITHOUT_TOKEN = /^\/v1\/(auth\/|health$|sprint-types$|webhooks\/|unsubscribe\/|calendar\/)/;
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i;

/**
 * Sets `actor` when a valid access token comes with the request; an invalid one is a 401 in the error format.
 * The auth routes ignore the header: they work from the body or the refresh cookie, and a client sending its
 * expired token along with a refresh must still be able to refresh. Public routes ignore it too: a stale token a
 * client sends everywhere must not turn a page anyone may read into a 401.
 */
export function authentication(p: Platform): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header && !WITHOUT_TOKEN.test(new URL(c.req.url).pathname)) {
      const match = BEARER.exec(header.trim());
      if (!match) throw unauthorized("auth.invalid_token", "The access token is not valid.");
      // Loaded with the first signed-in request: token checks need jose and the accounts records, not init.
      const { authenticate } = await import("@pactly/core/auth");
      c.set("actor", await authenticate(p, match[1]!));
    }
    await next();
  };
}

/**
 * Admin operations answer 401 or 403 before any route looks at the request: someone without the role learns
 * nothing of an operation's input from its validation errors. The routes check the role again themselves.
 */
export function adminOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get("actor");
    if (!actor) throw unauthorized("auth.required", "Sign in to continue.");
    if (actor.role !== "admin" && actor.role !== "system") {
      throw forbidden("auth.forbidden", "You do not have permission to do this.");
    }
    await next();
  };
}

/** What a suspended learner may still change: appeal the decision, export their data, erase their account. */
const WHILE_SUSPENDED = [/^\/v1\/appeals\/?$/, /^\/v1\/me\/export\/?$/];
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A suspended learner reads everything they could before, and may appeal, export and erase (DELETE /v1/me); every
 * other write answers 403 `account.suspended`, with the suspension's end in `details.until` (null: no end).
 */
export function suspendedReadOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const suspended = c.get("actor")?.suspended;
    if (suspended && !READS.has(c.req.method)) {
      const path = new URL(c.req.url).pathname;
      const erasure = c.req.method === "DELETE" && /^\/v1\/me\/?$/.test(path);
      if (!erasure && !WHILE_SUSPENDED.some((r) => r.test(path))) {
        const message = suspended.until
          ? `Your account is suspended until ${new Date(suspended.until).toUTCString().replace("GMT", "UTC")}. You can still read, appeal, export or delete your data.`
          : "Your account is suspended. You can still read, appeal, export or delete your data.";
        throw new AppError(403, "account.suspended", message, { details: { until: suspended.until } });
      }
    }
    await next();
  };
}
