// Security headers on every answer: the API's own (its execute-api URL has no CloudFront in front), the local
// runtime's, and the same values the distribution's response-headers policies add (stacks/cdn.ts).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";

/** JSON answers: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** /docs and the local /dev pages: self-contained HTML with an inline stylesheet, and no script at all. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The unsubscribe page: like a server page, but its one form posts back to itself. */
export const UNSUBSCRIBE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The local checkout page (no Stripe keys): its Pay and Decline forms post back to this server. */
export const LOCAL_CHECKOUT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Where the browser posts proof of effort: the uploads bucket, reached by a presigned POST to its S3 address
 * (`<bucket>.s3.<region>.amazonaws.com`), never through the API.
 */
export const UPLOAD_ORIGINS = ["https://*.amazonaws.com"];

/**
 * The web app: its own scripts and styles only (the Vite build has no inline script), avatars from any https
 * address, the API on the same origin and uploads to storage, never framed. `uploadOrigins` is where storage
 * answers (the local runtime's S3 emulator is on another port).
 */
export const webCsp = (uploadOrigins: readonly string[] = UPLOAD_ORIGINS) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self' ${uploadOrigins.join(" ")}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

export const WEB_CSP = webCsp();

/**
 * The tutor's visible-tests worker (`/assets/<name>.worker-<hash>.js`, a Vite worker chunk): it runs the learner's
 * own code with `new Function`, so it may evaluate script, and nothing else: no fetch, no imports from elsewhere.
 * A dedicated worker is governed by its own script's policy, not the page's, so the page keeps `script-src 'self'`.
 */
export const WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'";
export const WORKER_PATH = /^\/assets\/[\w.-]+\.worker-[\w-]+\.js$/;
/** The same files as a CloudFront path pattern. */
export const WORKER_ASSET_PATTERN = "/assets/*.worker-*.js";

/** Two years, subdomains too (the distribution's domain is ours alone). */
export const HSTS_SECONDS = 63_072_000;

/** Every answer, whatever it is. Referrer: none, since reset and verification links carry their token in the URL. */
export const COMMON_SECURITY_HEADERS = {
  "Strict-Transport-Security": `max-age=${HSTS_SECONDS}; includeSubDomains`,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const;

/** The Content-Security-Policy of a path: the API's, a server page's, or (anything else) the web app's. */
export function cspFor(path: string, web: string = WEB_CSP): string {
  if (path.startsWith("/v1/unsubscribe/")) return UNSUBSCRIBE_CSP;
  if (/^\/(v1\/|v1$|openapi\.json$)/.test(path)) return API_CSP;
  if (path.startsWith("/dev/checkout/")) return LOCAL_CHECKOUT_CSP;
  if (/^\/(docs$|dev(\/|$))/.test(path)) return PAGE_CSP;
  if (WORKER_PATH.test(path)) return WORKER_CSP;
  return web;
}

/** `s3Endpoint`: storage at its own address (the local emulator), which the web app may then post uploads to. */
export function securityHeaders(s3Endpoint?: string): MiddlewareHandler<AppEnv> {
  const web = s3Endpoint ? webCsp([...UPLOAD_ORIGINS, new URL(s3Endpoint).origin]) : WEB_CSP;
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) c.header(name, value);
    c.header("Content-Security-Policy", cspFor(new URL(c.req.url).pathname, web));
  };
}
