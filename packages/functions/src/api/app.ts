// The API app factory: one Hono app, used by the Lambda handler and the local server alike.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import { cors } from "hono/cors";
import { authentication } from "./auth.js";
import { renderDocsPage } from "./docs-page.js";
import type { AppEnv } from "./env.js";
import { errorResponse, notFoundHandler, onError, zodDetails } from "./errors.js";
import { bodyLimit, jsonBodiesOnly, requestContext } from "./middleware.js";
import { adminMatchingRoutes } from "./routes/admin-matching.js";
import { adminUserRoutes } from "./routes/admin-users.js";
import { authRoutes } from "./routes/auth.js";
import { catalogRoutes } from "./routes/catalog.js";
import { goalRoutes } from "./routes/goals.js";
import { healthRoutes } from "./routes/health.js";
import { jobRoutes } from "./routes/jobs.js";
import { matchRoutes } from "./routes/matches.js";
import { meRoutes } from "./routes/me.js";
import { podRoutes } from "./routes/pods.js";
import { waitlistRoutes } from "./routes/waitlist.js";
import { securityHeaders } from "./security-headers.js";

export const API_VERSION = "1.0.0";

export interface AppOptions {
  /** Extra sub-apps mounted by the local runtime (e.g. /dev/outbox); never set in the Lambda build. */
  extend?: (app: OpenAPIHono<AppEnv>) => void;
}

/** Routes anyone may call; every other /v1 route needs a signed-in actor. */
const PUBLIC_ROUTES = /^\/v1\/(health|sprint-types|auth\/|webhooks\/|unsubscribe\/|calendar\/)/;

export function createApp(p: Platform, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        // Validation runs before a handler checks the actor: someone not signed in learns nothing about the input.
        if (!c.get("actor") && !PUBLIC_ROUTES.test(new URL(c.req.url).pathname)) {
          return errorResponse(c, 401, "auth.required", "Sign in to continue.");
        }
        return errorResponse(c, 400, "validation.failed", "The request is not valid.", {
          ...zodDetails(result.error),
          target: result.target,
        });
      }
    },
  });

  app.use(
    "*",
    requestContext(p.log, () => p.ids.next()),
  );
  app.use("*", securityHeaders());
  app.use(
    "*",
    cors({
      origin: [...new Set([p.config.webUrl, ...p.config.corsOrigins])],
      credentials: true,
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "Idempotency-Key"],
      exposeHeaders: ["X-Request-Id", "Retry-After"],
      maxAge: 600,
    }),
  );
  app.use("*", bodyLimit(p.config.maxBodyBytes));
  app.use("/v1/*", jsonBodiesOnly());
  app.use("/v1/*", authentication(p));

  app.route("/v1", healthRoutes(p));
  app.route("/v1", jobRoutes(p));
  app.route("/v1", catalogRoutes(p));
  app.route("/v1", authRoutes(p));
  app.route("/v1", meRoutes(p));
  app.route("/v1", adminUserRoutes(p));
  app.route("/v1", goalRoutes(p));
  app.route("/v1", waitlistRoutes(p));
  app.route("/v1", matchRoutes(p));
  app.route("/v1", podRoutes(p));
  app.route("/v1", adminMatchingRoutes(p));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const documentConfig = {
    openapi: "3.1.0",
    info: {
      title: "Pactly API",
      version: API_VERSION,
      description:
        'Learn together, stake on showing up. Errors are {"error":{code,message,details?,timestamp,requestId}}; lists page with ?limit=&cursor=.',
    },
    servers: [{ url: p.config.apiUrl }],
  };
  let cachedDoc: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = () => {
    cachedDoc ??= app.getOpenAPI31Document(documentConfig);
    return cachedDoc;
  };
  app.get("/openapi.json", (c) => c.json(document()));
  app.get("/docs", (c) => c.html(renderDocsPage(document() as Parameters<typeof renderDocsPage>[0])));

  options.extend?.(app);

  app.notFound(notFoundHandler);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
