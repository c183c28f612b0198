// Cross-cutting request handling: request ids, traces, access logs, metrics, JSON-only bodies and body size limits.
import type { Logger } from "@pactly/core/platform";
import { putMetrics } from "@pactly/core/platform/metrics";
import { collectRateLimits, type RateLimitReport } from "@pactly/core/platform/rate-limit";
import { continueTrace, withSpan } from "@pactly/core/platform/tracing";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "./env.js";
import { errorResponse } from "./errors.js";

const REQUEST_ID = /^[A-Za-z0-9_\-=.]{1,128}$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route pattern a request matched (`POST /v1/deposits`, `GET /v1/pods/{podId}`), never the raw path: the first
 * route with a method of its own (middleware is registered for every method). Undefined when none matched.
 */
export function routePatternOf(c: Context): string | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  if (!route) return undefined;
  const path = route.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
  return `${route.method} ${path}`;
}

/**
 * Gives every request its id (the caller's `x-request-id` when it is well formed), which is also the trace id of
 * everything the request causes: an `api.request` span, the access log line, and the Requests, Errors5xx and Latency
 * metrics by [Stage] and [Stage, Route].
 */
export function requestContext(log: Logger, newId: () => string, stage = "local"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId();
    c.set("requestId", requestId);
    const reqLog = log.child({ requestId });
    c.set("log", reqLog);
    const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
    await continueTrace({ traceId: requestId }, () =>
      withSpan("api.request", { method }, async (span) => {
        const start = performance.now();
        await next();
        c.header("x-request-id", requestId);
        const ms = performance.now() - start;
        const status = c.res.status;
        const route = c.get("route") ?? routePatternOf(c) ?? `${method} (unmatched)`;
        span.set("route", route);
        span.set("status", status);
        if (status >= 500) span.fail();
        putMetrics(stage, {
          values: { Requests: 1, Errors5xx: status >= 500 ? 1 : 0, Latency: Math.round(ms) },
          by: { name: "Route", value: route },
        });
        const actor = c.get("actor");
        reqLog.info("request", {
          method: c.req.method,
          // The path only: query strings can carry tokens.
          path: new URL(c.req.url).pathname,
          route,
          status,
          ms: Math.round(ms),
          ...(actor ? { userId: actor.userId } : {}),
        });
      }),
    );
  };
}

/** RFC 8058: mail clients post the one-click unsubscribe as a form, and the unsubscribe page's button does too. */
const FORM_PATHS = /^\/v1\/unsubscribe\//;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Bodies are JSON everywhere (uploads go straight to S3 by presigned URL): anything else is a 415. */
export function jsonBodiesOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const type = c.req.header("content-type") ?? "";
      if (FORM_TYPES.test(type) && FORM_PATHS.test(new URL(c.req.url).pathname)) return next();
      const length = Number(c.req.header("content-length") ?? "0");
      // No content type and no declared length: a body-less POST (logout, accept, …) is fine.
      const unsupported = type ? !/^application\/([a-z.+-]*\+)?json\b/i.test(type) : length > 0;
      if (unsupported) {
        return errorResponse(c, 415, "request.unsupported_media_type", "Send the body as application/json.", {
          contentType: type || null,
        });
      }
    }
    await next();
  };
}

/** Rejects a body over `maxBytes` with 413, whether or not Content-Length was sent. */
export function bodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const length = Number(c.req.header("content-length") ?? "NaN");
    if (Number.isFinite(length) && length > maxBytes) {
      return errorResponse(c, 413, "request.too_large", `The request body is larger than ${maxBytes} bytes.`, {
        limitBytes: maxBytes,
      });
    }
    if (!Number.isFinite(length) && c.req.raw.body) {
      // Read no further than the limit: a 50 MB chunked body stops at the first chunk beyond it, and the rest is
      // never taken from the connection.
      const reader = c.req.raw.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return errorResponse(c, 413, "request.too_large", `The request body is larger than ${maxBytes} bytes.`, {
            limitBytes: maxBytes,
          });
        }
        chunks.push(value);
      }
      c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    }
    await next();
  };
}

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) on every answer of a limited route, 429s
 * included: `RateLimit-Policy` lists each limit the request was counted against, `RateLimit` the one closest to
 * running out (remaining attempts `r`, seconds until its window ends `t`).
 */
export function rateLimitHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const seen: RateLimitReport[] = [];
    await collectRateLimits(seen, () => next());
    if (seen.length === 0) return;
    const tightest = seen.reduce((a, b) => (b.state.remaining < a.state.remaining ? b : a));
    c.header(
      "RateLimit-Policy",
      seen.map((r) => `"${r.rule.bucket}";q=${r.rule.limit};w=${r.rule.windowSeconds}`).join(", "),
    );
    c.header("RateLimit", `"${tightest.rule.bucket}";r=${tightest.state.remaining};t=${tightest.state.retryAfter}`);
  };
}
