// /v1/me*: the signed-in user's profile, preferences, onboarding, consents, dashboard, export and erasure.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import {
  Consents,
  ConsentsInput,
  Dashboard,
  getConsents,
  getDashboard,
  getOnboarding,
  getPreferences,
  getProfile,
  Onboarding,
  OnboardingPatch,
  Preferences,
  PreferencesInput,
  Profile,
  ProfilePatch,
  putConsents,
  putPreferences,
  updateOnboarding,
  updateProfile,
} from "@pactly/core/accounts";
import { requireRecentSignIn } from "@pactly/core/auth";
import { Job } from "@pactly/core/jobs";
import type { Platform } from "@pactly/core/platform";
import { eraseUser, requestExport } from "@pactly/core/privacy";
import { clearRefreshCookie } from "../auth.js";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json, rateLimited } from "../openapi.js";

const tags = ["Accounts"];

export function meRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const me = (c: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(c);
    return { actor, userId: actor.userId };
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags,
      summary: "My profile",
      security: bearer,
      responses: { 200: json(Profile, "Profile"), ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await getProfile(p, actor, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags,
      summary: "Correct my profile (name, locale, bio, avatar)",
      security: bearer,
      request: body(ProfilePatch),
      responses: { 200: json(Profile, "Profile"), ...errors(400, 401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      const patch = c.req.valid("json");
      return c.json(await updateProfile(p, actor, userId, patch), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me",
      tags,
      summary: "Erase my account: my records are deleted, what pod-mates keep is anonymised, every sign-in ends",
      description:
        "Needs a sign-in of the last 10 minutes (a refreshed token does not count): otherwise 401 `auth.reauth_required`.",
      security: bearer,
      responses: { 204: { description: "Erased" }, ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      requireRecentSignIn(p, actor);
      await eraseUser(p, actor, userId);
      clearRefreshCookie(c, p);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/preferences",
      tags,
      summary: "My preferences (defaults until saved)",
      security: bearer,
      responses: { 200: json(Preferences, "Preferences"), ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await getPreferences(p, actor, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/me/preferences",
      tags,
      summary: "Save my preferences: IANA timezone, weekly availability (no overlaps), matching signals, notifications",
      security: bearer,
      request: body(PreferencesInput),
      responses: { 200: json(Preferences, "Preferences"), ...errors(400, 401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await putPreferences(p, actor, userId, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/onboarding",
      tags,
      summary: "Onboarding steps and where to resume",
      security: bearer,
      responses: { 200: json(Onboarding, "Onboarding"), ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await getOnboarding(p, actor, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me/onboarding",
      tags,
      summary: "Complete or reopen a step, or move to a step",
      security: bearer,
      request: body(OnboardingPatch),
      responses: { 200: json(Onboarding, "Onboarding"), ...errors(400, 401, 409) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await updateOnboarding(p, actor, userId, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/consents",
      tags,
      summary: "My consents (learning data, emails) and when they last changed",
      security: bearer,
      responses: { 200: json(Consents, "Consents"), ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await getConsents(p, actor, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/me/consents",
      tags,
      summary: "Give or withdraw consents",
      security: bearer,
      request: body(ConsentsInput),
      responses: { 200: json(Consents, "Consents"), ...errors(400, 401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await putConsents(p, actor, userId, c.req.valid("json")), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/me/export",
      tags,
      summary: "Export all my data: a job; GET /v1/jobs/{id} gives a 15-minute download link when it is done",
      security: bearer,
      responses: rateLimited({ 202: json(Job, "The export job"), ...errors(401, 429) }),
    }),
    async (c) => {
      const { actor, userId } = me(c);
      const job = await requestExport(p, actor, userId);
      c.header("Location", `/v1/jobs/${job.id}`);
      return c.json(job, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/dashboard",
      tags,
      summary: "The home page in one read: profile, onboarding, pods, next session, due reviews, streak, balance",
      security: bearer,
      responses: { 200: json(Dashboard, "Dashboard"), ...errors(401) },
    }),
    async (c) => {
      const { actor, userId } = me(c);
      return c.json(await getDashboard(p, actor, userId), 200);
    },
  );

  return app;
}
