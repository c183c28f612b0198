// /v1/auth/*: sign-in methods, OAuth start/callback, sign-up and verification, password sign-in, refresh, logout, reset.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Accepted,
  AccessTokenResponse,
  ForgotPasswordInput,
  finishOAuth,
  forgotPassword,
  LoginInput,
  logIn,
  OAUTH_STATE_SECONDS,
  PROVIDER_IDS,
  ResendVerificationInput,
  ResetPasswordInput,
  refreshSession,
  resendVerification,
  resetPassword,
  SignInMethods,
  SignupInput,
  signInMethods,
  signingKeys,
  signOut,
  signUp,
  startOAuth,
  TokenInput,
  verifyEmail,
} from "@pactly/core/auth";
import { isAppError, type Platform } from "@pactly/core/platform";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  assertTrustedOrigin,
  clearRefreshCookie,
  clientIp,
  cookiesSecure,
  OAUTH_STATE_COOKIE,
  OAUTH_STATE_COOKIE_PATH,
  refreshCookieOf,
  setRefreshCookie,
  tokenResponse,
} from "../auth.js";
import type { AppEnv } from "../env.js";
import { body, errors, json, rateLimited } from "../openapi.js";

const tags = ["Accounts"];
const ProviderParam = z.object({
  provider: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: "provider", in: "path" }, example: "google" }),
});

/** Where the browser lands after a provider sign-in; the web app then calls POST /v1/auth/refresh. */
const webCallback = (p: Platform, error?: string) => {
  const url = new URL("auth/callback", p.config.webUrl.endsWith("/") ? p.config.webUrl : `${p.config.webUrl}/`);
  if (error) url.searchParams.set("error", error);
  return url.toString();
};

export function authRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/providers",
      tags,
      summary: "Enabled sign-in methods: password, each configured provider, dev sign-in when local",
      responses: { 200: json(SignInMethods, "Sign-in methods") },
    }),
    (c) => c.json(signInMethods(p), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/jwks.json",
      tags,
      summary: "Public keys of the access tokens (JWKS)",
      responses: { 200: json(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), "JWKS") },
    }),
    async (c) => c.json((await signingKeys(p)).jwks as { keys: Record<string, unknown>[] }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/oauth/{provider}/start",
      tags,
      summary: `Redirect to a provider (${PROVIDER_IDS.join(", ")}) with PKCE and state`,
      request: { params: ProviderParam },
      responses: { 302: { description: "To the provider's sign-in page" }, ...errors(404) },
    }),
    async (c) => {
      const { url, state } = await startOAuth(p, c.req.valid("param").provider);
      setCookie(c, OAUTH_STATE_COOKIE, state, {
        path: OAUTH_STATE_COOKIE_PATH,
        httpOnly: true,
        secure: cookiesSecure(p),
        // Lax: the cookie must come back on the provider's top-level redirect to our callback.
        sameSite: "Lax",
        maxAge: OAUTH_STATE_SECONDS,
      });
      return c.redirect(url, 302);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/oauth/{provider}/callback",
      tags,
      summary: "Finish a provider sign-in: set the refresh cookie and redirect to the web app",
      request: {
        params: ProviderParam,
        // Not strict: providers add parameters of their own (`scope`, `iss`, `session_state`, `authuser`).
        query: z.object({
          code: z.string().max(4096).optional(),
          state: z.string().max(512).optional(),
          error: z.string().max(256).optional(),
        }),
      },
      responses: {
        302: { description: "To `<web>/auth/callback` (with `?error=<code>` when the sign-in failed)" },
      },
    }),
    async (c) => {
      const { provider } = c.req.valid("param");
      const query = c.req.valid("query");
      const cookieState = getCookie(c, OAUTH_STATE_COOKIE);
      deleteCookie(c, OAUTH_STATE_COOKIE, { path: OAUTH_STATE_COOKIE_PATH, secure: cookiesSecure(p), httpOnly: true });
      try {
        const session = await finishOAuth(p, provider, { ...query, cookieState });
        setRefreshCookie(c, p, session.refresh);
        return c.redirect(webCallback(p), 302);
      } catch (e) {
        // A browser is on the other end of this redirect: it gets a page of the web app, not a JSON error.
        const code = isAppError(e) ? e.code : "auth.oauth_failed";
        c.get("log").warn("provider sign-in failed", { provider, code, error: isAppError(e) ? undefined : e });
        return c.redirect(webCallback(p, code), 302);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/signup",
      tags,
      summary: "Sign up with email and password; a verification email follows (same answer if the email is taken)",
      request: body(SignupInput),
      responses: rateLimited({ 202: json(Accepted, "Check your inbox"), ...errors(400, 429) }),
    }),
    async (c) => {
      await signUp(p, c.req.valid("json"), { ip: clientIp(c, p) });
      return c.json({ status: "verification_sent" }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/verify-email",
      tags,
      summary: "Confirm an email address with the token from the email",
      request: body(TokenInput),
      responses: { 200: json(Accepted, "Verified"), ...errors(400) },
    }),
    async (c) => {
      await verifyEmail(p, c.req.valid("json").token);
      return c.json({ status: "verified" }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/verify-email/resend",
      tags,
      summary: "Email a new verification link (same answer for any address; limited per address and per IP)",
      request: body(ResendVerificationInput),
      responses: rateLimited({
        202: json(Accepted, "If the address awaits verification, a link is on its way"),
        ...errors(400, 429),
      }),
    }),
    async (c) => {
      await resendVerification(p, c.req.valid("json").email, { ip: clientIp(c, p) });
      return c.json({ status: "verification_sent_if_unverified" }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags,
      summary: "Sign in with email and password → access token + refresh cookie",
      request: body(LoginInput),
      responses: rateLimited({ 200: json(AccessTokenResponse, "Signed in"), ...errors(400, 401, 403, 429) }),
    }),
    async (c) => c.json(tokenResponse(c, p, await logIn(p, c.req.valid("json"), { ip: clientIp(c, p) })), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/refresh",
      tags,
      summary: "Rotate the refresh cookie → a new access token (a reused refresh token ends the whole sign-in)",
      responses: { 200: json(AccessTokenResponse, "A fresh access token"), ...errors(401, 403) },
    }),
    async (c) => {
      assertTrustedOrigin(c, p);
      try {
        return c.json(tokenResponse(c, p, await refreshSession(p, refreshCookieOf(c))), 200);
      } catch (e) {
        if (isAppError(e) && e.status === 401) clearRefreshCookie(c, p);
        throw e;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      tags,
      summary: "End this sign-in: revoke the refresh family and clear the cookie",
      responses: { 204: { description: "Signed out" }, ...errors(403) },
    }),
    async (c) => {
      assertTrustedOrigin(c, p);
      await signOut(p, refreshCookieOf(c));
      clearRefreshCookie(c, p);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password/forgot",
      tags,
      summary: "Email a reset link (same answer whether or not the email has an account)",
      request: body(ForgotPasswordInput),
      responses: rateLimited({
        202: json(Accepted, "If the address has an account, a link is on its way"),
        ...errors(400, 429),
      }),
    }),
    async (c) => {
      await forgotPassword(p, c.req.valid("json").email, { ip: clientIp(c, p) });
      return c.json({ status: "reset_email_sent_if_account_exists" }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password/reset",
      tags,
      summary: "Set a new password with the emailed token; ends every existing sign-in",
      request: body(ResetPasswordInput),
      responses: { 200: json(Accepted, "Password changed"), ...errors(400) },
    }),
    async (c) => {
      const { token, password } = c.req.valid("json");
      await resetPassword(p, token, password);
      return c.json({ status: "password_reset" }, 200);
    },
  );

  return app;
}
