// Sign-in plumbing for the auth routes: the refresh and OAuth-state cookies, trusted origins, the client IP.

import { timingSafeEqual } from "node:crypto";
import { REFRESH_TOKEN_SECONDS, type RefreshGrant, type SessionTokens } from "@pactly/core/auth";
import { clientBlock, forbidden, type Platform } from "@pactly/core/platform";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./env.js";

export const REFRESH_COOKIE = "pactly_refresh";
/** The refresh token is sent to the auth routes only, never with ordinary API calls. */
export const REFRESH_COOKIE_PATH = "/v1/auth";
export const OAUTH_STATE_COOKIE = "pactly_oauth_state";
export const OAUTH_STATE_COOKIE_PATH = "/v1/auth/oauth";

/** Plain http is tolerated for a loopback API only (the local runtime); everywhere else cookies are Secure. */
export function cookiesSecure(p: Platform): boolean {
  const api = new URL(p.config.apiUrl);
  const loopback = api.hostname === "localhost" || api.hostname === "127.0.0.1" || api.hostname === "[::1]";
  return !(api.protocol === "http:" && loopback) || p.config.cookieSameSite === "None";
}

export function setRefreshCookie(c: Context<AppEnv>, p: Platform, grant: RefreshGrant): void {
  setCookie(c, REFRESH_COOKIE, grant.token, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    secure: cookiesSecure(p),
    sameSite: p.config.cookieSameSite,
    // Until the token expires: 7 days, or less near the end of the sign-in's absolute lifetime.
    maxAge: Math.max(
      0,
      Math.min(REFRESH_TOKEN_SECONDS, Math.floor((grant.expiresAt.getTime() - p.clock.now().getTime()) / 1000)),
    ),
  });
}

export function clearRefreshCookie(c: Context<AppEnv>, p: Platform): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: cookiesSecure(p), httpOnly: true });
}

/** A sign-in's answer: the access token in the body, the refresh token in the httpOnly cookie. */
export function tokenResponse(c: Context<AppEnv>, p: Platform, s: SessionTokens) {
  setRefreshCookie(c, p, s.refresh);
  c.header("Cache-Control", "no-store");
  const { accessToken, tokenType, expiresIn, expiresAt, user } = s;
  return { accessToken, tokenType, expiresIn, expiresAt, user };
}

export const refreshCookieOf = (c: Context<AppEnv>): string | undefined => getCookie(c, REFRESH_COOKIE);

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Written by the distribution's viewer-request function from `event.viewer.ip` (stacks/cdn.ts, VIEWER_ADDRESS). */
export const VIEWER_ADDRESS_HEADER = "x-pactly-viewer-address";

/**
 * The client for per-IP limits (an IPv4 address, or an IPv6 client's /64: see clientBlock). Through CloudFront (the
 * request carries the edge secret CloudFront adds), the address the edge itself wrote into x-pactly-viewer-address,
 * overwriting any viewer copy; otherwise API Gateway's source address in the cloud, the socket locally. Never
 * CloudFront-Viewer-Address or X-Forwarded-For, which a viewer can send.
 */
export function clientIp(c: Context<AppEnv>, p: Platform): string {
  const secret = p.config.edgeSecret;
  const edge = c.req.header("x-pactly-edge");
  if (secret && edge && sameSecret(edge, secret)) {
    const viewer = clientBlock(c.req.header(VIEWER_ADDRESS_HEADER) ?? "");
    if (viewer) return viewer;
    c.get("log")?.warn("edge request without a viewer address", {});
  }
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  const source = env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
  return (source && clientBlock(source)) ?? source ?? "unknown";
}

/**
 * Cookie-authenticated routes (refresh, logout) refuse requests that a browser sent from a foreign page: with
 * SameSite=None the cookie would travel along, so the Origin must be one of ours when a browser names it.
 */
export function assertTrustedOrigin(c: Context<AppEnv>, p: Platform): void {
  const origin = c.req.header("origin");
  if (!origin) return;
  const allowed = new Set(
    [p.config.webUrl, p.config.apiUrl, ...p.config.corsOrigins].map((u) => {
      try {
        return new URL(u).origin;
      } catch {
        return u;
      }
    }),
  );
  if (!allowed.has(origin)) throw forbidden("auth.origin_refused", "This request did not come from the Pactly app.");
}
