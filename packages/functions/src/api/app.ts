// The API app factory: one Hono app, used by the Lambda handler and the local server alike. Cross-cutting
// middleware runs here; each domain's routes are built on the first request to their prefix (routing.ts).
import type { Platform } from "@pactly/core/platform";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { DOMAINS, type RouteGroup } from "../domains.js";
import { adminOnly, authentication, suspendedReadOnly } from "./authentication.js";
import type { AppEnv } from "./env.js";
import { notFoundHandler, onError } from "./errors.js";
import { bodyLimit, jsonBodiesOnly, rateLimitHeaders, requestContext } from "./middleware.js";
import { byPrefixLength, documentApp, lazyGroup } from "./routing.js";
import { securityHeaders } from "./security-headers.js";

export const API_VERSION = "1.0.0";

export interface AppOptions {
  /** Route groups besides the domains' (the local runtime's dev sign-in); never set in the Lambda build. */
  extraRoutes?: readonly RouteGroup[];
  /** Extra handlers after the API's (the local runtime's /dev pages and the web app); never set in the Lambda build. */
  extend?: (app: Hono<AppEnv>) => void;
  /** The route groups to serve; the domain list's unless a test adds one. */
  routes?: readonly RouteGroup[];
}

export function createApp(p: Platform, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const groups = [...(options.routes ?? DOMAINS.flatMap((d) => d.routes)), ...(options.extraRoutes ?? [])];

  app.use(
    "*",
    requestContext(p.log, () => p.ids.next(), p.config.stage),
  );
  app.use("*", securityHeaders(p.config.s3Endpoint));
  app.use(
    "*",
    cors({
      origin: [...new Set([p.config.webUrl, ...p.config.corsOrigins])],
      credentials: true,
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "Idempotency-Key"],
      exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy"],
      maxAge: 600,
    }),
  );
  app.use("*", bodyLimit(p.config.maxBodyBytes));
  app.use("/v1/*", jsonBodiesOnly());
  app.use("/v1/*", rateLimitHeaders());
  app.use("/v1/*", authentication(p));
  app.use("/v1/*", suspendedReadOnly());
  app.use("/v1/admin", adminOnly());
  app.use("/v1/admin/*", adminOnly());

  for (const group of byPrefixLength(groups)) {
    const serve = lazyGroup(p, group);
    app.all(`/v1${group.prefix}`, serve);
    app.all(`/v1${group.prefix}/*`, serve);
  }

  // The document is built on the first ask, from every group's routes; the Lambda never builds it otherwise.
  let document: Promise<unknown> | undefined;
  const openApiDocument = () => {
    document ??= Promise.all([documentApp(p, groups), import("./document.js")]).then(([doc, { completeDocument }]) => {
      // The security schemes (bearer, adminBearer) and the tags' descriptions are completeDocument's.
      return completeDocument(
        doc.getOpenAPI31Document({
          openapi: "3.1.0",
          info: {
            title: "Pactly API",
            version: API_VERSION,
            description:
              'Learn together, stake on showing up. Errors are {"error":{code,message,details?,timestamp,requestId}}; lists page with ?limit=&cursor=.',
            contact: { name: "Pactly", url: p.config.webUrl },
          },
          // The API itself, not an internal one (OWASP API9: the inventory says which is which).
          servers: [{ url: p.config.apiUrl, description: environmentOf(p), "x-internal": false }],
        }),
      );
    });
    return document;
  };
  app.get("/openapi.json", async (c) => c.json(await openApiDocument()));
  app.get("/docs", async (c) => {
    const { renderDocsPage } = await import("./docs-page.js");
    return c.html(renderDocsPage((await openApiDocument()) as Parameters<typeof renderDocsPage>[0]));
  });

  options.extend?.(app);

  app.notFound(notFoundHandler);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;

/** Which environment the document's server is. */
const environmentOf = (p: Platform) =>
  p.config.runtime === "local"
    ? "Local development API"
    : p.config.stage === "prod"
      ? "Production API"
      : `Staging API (stage ${p.config.stage})`;
