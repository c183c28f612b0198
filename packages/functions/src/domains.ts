// The one list of domains. Every entry point takes from it: the API (each domain's routes, built on the first
// request to their path prefix), the queue workers and the jobs function (queued job kinds, scheduled jobs), the
// local runtime, the stacks (recurring schedules, the catalog seeding) and the tests.
//
// Adding a domain: a folder in packages/core/src with a `module.ts` (its jobs, job kinds, erasure step, export and
// dashboard sections), a routes file under api/routes/, and one entry below. Nothing registers itself on import.
import { accountsDomain } from "@pactly/core/accounts/module";
import { analyticsDomain } from "@pactly/core/analytics/module";
import { authDomain } from "@pactly/core/auth/module";
import { catalogDomain } from "@pactly/core/catalog/module";
import { coachDomain } from "@pactly/core/coach/module";
import { contentDomain } from "@pactly/core/content/module";
import type { DomainModule, JobNameOf } from "@pactly/core/domain";
import { goalsDomain } from "@pactly/core/goals/module";
import { jobsDomain } from "@pactly/core/jobs/module";
import { notificationsDomain } from "@pactly/core/notifications/module";
import { paymentsDomain } from "@pactly/core/payments/module";
import { platformDomain } from "@pactly/core/platform/module";
import { podsDomain } from "@pactly/core/pods/module";
import { privacyDomain } from "@pactly/core/privacy/module";
import { safetyDomain } from "@pactly/core/safety/module";
import { scoringDomain } from "@pactly/core/scoring/module";
import { sessionsDomain } from "@pactly/core/sessions/module";
import { srsDomain } from "@pactly/core/srs/module";
import { tutorDomain } from "@pactly/core/tutor/module";
import type { RouteFactory } from "./api/routing.js";

/** A group of routes under one path prefix below /v1, loaded when a request first reaches the prefix. */
export interface RouteGroup {
  /** `/pods` serves `/v1/pods` and `/v1/pods/…`; a `:param` segment matches any one segment. */
  prefix: string;
  load: () => Promise<RouteFactory>;
}

export interface Domain<M extends DomainModule<string> = DomainModule<string>> {
  module: M;
  routes: readonly RouteGroup[];
}

const domain = <M extends DomainModule<string>>(module: M, routes: readonly RouteGroup[]): Domain<M> => ({
  module,
  routes,
});

const sessionRoutes = async () => (await import("./api/routes/sessions.js")).sessionRoutes;

export const DOMAINS = [
  domain(platformDomain, [
    { prefix: "/health", load: async () => (await import("./api/routes/health.js")).healthRoutes },
  ]),
  domain(jobsDomain, [{ prefix: "/jobs", load: async () => (await import("./api/routes/jobs.js")).jobRoutes }]),
  domain(catalogDomain, [
    { prefix: "/sprint-types", load: async () => (await import("./api/routes/catalog.js")).catalogRoutes },
  ]),
  domain(authDomain, [
    { prefix: "/auth", load: async () => (await import("./api/routes/auth.js")).authRoutes },
    ...["/auth/email-change", "/me/password", "/me/email"].map((prefix) => ({
      prefix,
      load: async () => (await import("./api/routes/account-security.js")).accountSecurityRoutes,
    })),
  ]),
  domain(accountsDomain, [
    { prefix: "/me", load: async () => (await import("./api/routes/me.js")).meRoutes },
    { prefix: "/admin/users", load: async () => (await import("./api/routes/admin-users.js")).adminUserRoutes },
  ]),
  domain(goalsDomain, [{ prefix: "/goals", load: async () => (await import("./api/routes/goals.js")).goalRoutes }]),
  // Before pods: the coach's erasure step finds the learner's pods before pods' step replaces them in the rosters.
  // `/sessions/:id/coach` is matched before sessions' `/sessions` (longer prefixes first).
  domain(coachDomain, [
    { prefix: "/sessions/:id/coach", load: async () => (await import("./api/routes/coach.js")).coachRoutes },
  ]),
  domain(podsDomain, [
    { prefix: "/waitlist", load: async () => (await import("./api/routes/waitlist.js")).waitlistRoutes },
    { prefix: "/matches", load: async () => (await import("./api/routes/matches.js")).matchRoutes },
    { prefix: "/pods", load: async () => (await import("./api/routes/pods.js")).podRoutes },
    {
      prefix: "/admin/matching",
      load: async () => (await import("./api/routes/admin-matching.js")).adminMatchingRoutes,
    },
    { prefix: "/admin/pods", load: async () => (await import("./api/routes/admin-matching.js")).adminMatchingRoutes },
  ]),
  // `/pods/:id/sessions` is matched before pods' `/pods` (longer prefixes first).
  domain(sessionsDomain, [
    { prefix: "/sessions", load: sessionRoutes },
    { prefix: "/pods/:id/sessions", load: sessionRoutes },
    { prefix: "/calendar", load: sessionRoutes },
    { prefix: "/uploads", load: sessionRoutes },
    { prefix: "/me/calendar-feed", load: sessionRoutes },
  ]),
  domain(paymentsDomain, [
    ...["/deposits", "/webhooks/stripe", "/me/ledger", "/pods/:id/refund"].map((prefix) => ({
      prefix,
      load: async () => (await import("./api/routes/payments.js")).paymentRoutes,
    })),
  ]),
  domain(notificationsDomain, [
    {
      prefix: "/me/push-subscriptions",
      load: async () => (await import("./api/routes/push-subscriptions.js")).pushSubscriptionRoutes,
    },
    { prefix: "/unsubscribe", load: async () => (await import("./api/routes/unsubscribe.js")).unsubscribeRoutes },
  ]),
  domain(contentDomain, [
    { prefix: "/content", load: async () => (await import("./api/routes/content.js")).contentRoutes },
    {
      prefix: "/admin/content",
      load: async () => (await import("./api/routes/admin-content.js")).adminContentRoutes,
    },
  ]),
  domain(tutorDomain, [
    {
      prefix: "/learning-sessions",
      load: async () => (await import("./api/routes/learning-sessions.js")).learningSessionRoutes,
    },
  ]),
  domain(scoringDomain, [
    { prefix: "/submissions", load: async () => (await import("./api/routes/submissions.js")).submissionRoutes },
  ]),
  domain(srsDomain, [{ prefix: "/reviews", load: async () => (await import("./api/routes/reviews.js")).reviewRoutes }]),
  domain(analyticsDomain, [
    { prefix: "/me/progress", load: async () => (await import("./api/routes/progress.js")).progressRoutes },
    {
      prefix: "/admin/metrics",
      load: async () => (await import("./api/routes/admin-metrics.js")).adminMetricsRoutes,
    },
  ]),
  domain(safetyDomain, [
    ...["/reports", "/appeals", "/admin/reports", "/admin/appeals", "/admin/audit"].map((prefix) => ({
      prefix,
      load: async () => (await import("./api/routes/safety.js")).safetyRoutes,
    })),
  ]),
  domain(privacyDomain, []),
] as const satisfies readonly Domain[];

/** The modules, in the list's order: what `createPlatform(…, { domains })` is given. */
export const DOMAIN_MODULES: readonly DomainModule<string>[] = DOMAINS.map((d) => d.module);

/** Every scheduled job's name: a schedule or an event naming anything else does not compile. */
export type JobName = JobNameOf<(typeof DOMAINS)[number]["module"]>;
