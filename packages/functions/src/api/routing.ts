// Routes built on first use: each group's sub-app is imported and built on the first request to its prefix, so the
// API's init does not grow with the number of domains. The OpenAPI document is built from every group on first ask.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import type { Context, Handler, Hono, MiddlewareHandler } from "hono";
import type { RouteGroup } from "../domains.js";
import type { AppEnv } from "./env.js";
import { errorResponse, notFoundHandler, onError, zodDetails } from "./errors.js";
import { routePatternOf } from "./middleware.js";

/** What a routes file exports: the sub-app of one resource, its paths relative to /v1. */
export type RouteFactory = (p: Platform) => OpenAPIHono<AppEnv>;

/** Routes anyone may call; every other /v1 route needs a signed-in actor. */
const PUBLIC_ROUTES = /^\/v1\/(health|sprint-types|auth\/|webhooks\/|unsubscribe\/|calendar\/)/;

/** The root every group's routes hang from: its validation hook is the one every route uses. */
async function validatingRoot() {
  // Imported here, not at the top: zod and its OpenAPI extension load with the first group, not at init.
  const { OpenAPIHono } = await import("@hono/zod-openapi");
  return new OpenAPIHono<AppEnv>({
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
}

/**
 * A documented operation: its method, its path, and its query parameters (any other is refused, as an unknown body
 * field is; `null` when its query schema takes others).
 */
interface OperationRule {
  method: string;
  path: RegExp;
  allowed: ReadonlySet<string> | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

/** One rule per operation of a routes app, read from its OpenAPI registry (paths relative to /v1). */
function operationsOf(routes: OpenAPIHono<AppEnv>): OperationRule[] {
  return routes.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== "route") return [];
    const query = d.route.request?.query as
      | { shape?: Record<string, unknown>; _zod?: { def?: { catchall?: { _zod?: { def?: { type?: string } } } } } }
      | undefined;
    // A query schema that is not strict takes what others add (a sign-in provider's callback gets `scope`, `iss`).
    const open = query !== undefined && query._zod?.def?.catchall?._zod?.def?.type !== "never";
    const path = d.route.path
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join("[^/]+");
    return [
      {
        method: d.route.method.toUpperCase(),
        path: new RegExp(`^/v1${path}/?$`),
        allowed: open ? null : new Set(Object.keys(query?.shape ?? {})),
      },
    ];
  });
}

/** Refuses a query parameter the matched operation does not document (a typo such as `limt` is not ignored). */
function knownQueryOnly(rules: readonly OperationRule[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const rule = rules.find((r) => r.method === method && r.path.test(url.pathname));
    const allowed = rule?.allowed;
    const unknown = allowed ? [...new Set(url.searchParams.keys())].filter((k) => !allowed.has(k)) : [];
    if (unknown.length === 0) return next();
    if (!c.get("actor") && !PUBLIC_ROUTES.test(url.pathname)) {
      return errorResponse(c, 401, "auth.required", "Sign in to continue.");
    }
    return errorResponse(c, 400, "validation.failed", "The request is not valid.", {
      issues: unknown.map((k) => ({ path: k, message: "This parameter is not known.", code: "unrecognized_keys" })),
      target: "query",
    });
  };
}

/** A path that exists with other methods answers 405 and lists them in `Allow`, rather than 404. */
function methodNotAllowed(c: Context<AppEnv>, operations: readonly OperationRule[]): Response | undefined {
  const { pathname } = new URL(c.req.url);
  const methods = [...new Set(operations.filter((o) => o.path.test(pathname)).map((o) => o.method))];
  if (methods.length === 0) return undefined;
  if (methods.includes("GET")) methods.push("HEAD");
  c.header("Allow", methods.join(", "));
  return errorResponse(
    c,
    405,
    "request.method_not_allowed",
    `${c.req.method} is not allowed here: use ${methods.join(", ")}.`,
  );
}

/** What the outer app already knows about the request, handed to the group's app. */
interface Inherited {
  requestId: string;
  log: AppEnv["Variables"]["log"];
  actor: AppEnv["Variables"]["actor"];
  /** Tells the outer app which route pattern served the request, for its span and metrics. */
  setRoute: (route: string) => void;
}
const INHERITED = Symbol("inherited");

/** A handler that serves one group, building it on its first request. */
export function lazyGroup(p: Platform, group: RouteGroup): Handler<AppEnv> {
  let built: Promise<Hono<AppEnv>> | undefined;
  const build = async () => {
    const factory = await group.load();
    const app = await validatingRoot();
    app.use("*", async (c, next) => {
      const inherited = (c.env as { [INHERITED]?: Inherited } | undefined)?.[INHERITED];
      if (inherited) {
        c.set("requestId", inherited.requestId);
        c.set("log", inherited.log);
        if (inherited.actor) c.set("actor", inherited.actor);
      }
      await next();
      const route = routePatternOf(c);
      if (route) inherited?.setRoute(route);
    });
    const routes = factory(p);
    const operations = operationsOf(routes);
    app.use("*", knownQueryOnly(operations));
    app.route("/v1", routes);
    app.notFound((c) => methodNotAllowed(c, operations) ?? notFoundHandler(c));
    app.onError(onError);
    return app as unknown as Hono<AppEnv>;
  };
  return async (c: Context<AppEnv>) => {
    built ??= build().catch((e) => {
      built = undefined; // a failed import is retried by the next request
      throw e;
    });
    const app = await built;
    const inherited: Inherited = {
      requestId: c.get("requestId"),
      log: c.get("log"),
      actor: c.get("actor"),
      setRoute: (route) => c.set("route", route),
    };
    return app.fetch(c.req.raw, { ...(c.env as object), [INHERITED]: inherited });
  };
}

/** Longer prefixes first, so `/auth/dev-login` is matched before `/auth`. */
export const byPrefixLength = (groups: readonly RouteGroup[]) =>
  [...groups].sort((a, b) => b.prefix.length - a.prefix.length);

/** Every group's routes in one OpenAPI app, for the document (each routes file once). */
export async function documentApp(p: Platform, groups: readonly RouteGroup[]) {
  const app = await validatingRoot();
  const factories = new Set<RouteFactory>();
  for (const g of groups) factories.add(await g.load());
  for (const factory of factories) app.route("/v1", factory(p));
  return app;
}
