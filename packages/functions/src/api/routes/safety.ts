// Safety: learners report what they see of pod-mates and appeal decisions about themselves (/v1/reports,
// /v1/appeals); admins work the moderation queue, decide reports and appeals, and read the audit log (/v1/admin/…).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  Appeal,
  AppealDecisionInput,
  AppealInput,
  AuditEntry,
  DecisionInput,
  decideAppeal,
  decideReport,
  FiledReport,
  fileAppeal,
  fileReport,
  getReport,
  listAppeals,
  listAudit,
  listReports,
  MyModeration,
  myModeration,
  Report,
  ReportInput,
  ReportStatus,
} from "@pactly/core/safety";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, IdParam, json, PageOf, PageQuery, rateLimited } from "../openapi.js";

const tags = ["Safety"];
const param = (name: string) => ({ param: { name, in: "query" as const } });
const UserIdParam = z.string().min(1).max(64).optional().openapi(param("subjectUserId"));

const ReportQuery = PageQuery.extend({
  status: ReportStatus.default("open").openapi(param("status")),
  source: z.enum(["learner", "filter"]).optional().openapi(param("source")),
  subjectUserId: UserIdParam,
});
const AppealQuery = PageQuery.extend({
  status: z.enum(["open", "upheld", "overturned"]).default("open").openapi(param("status")),
});
const AuditQuery = PageQuery.extend({ subjectUserId: UserIdParam });

export function safetyRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/reports",
      tags,
      summary: "Report a pod-mate, a check-in or a coach document",
      description:
        "Only what the learner can see may be reported. The same target again while the first report is open answers " +
        "200 with that report. 20 reports a day.",
      security: bearer,
      request: body(ReportInput),
      responses: rateLimited({
        201: json(FiledReport, "Reported"),
        200: json(FiledReport, "Already reported, and still open"),
        ...errors(400, 401, 403, 404, 429),
      }),
    }),
    async (c) => {
      const { report, created } = await fileReport(p, requireActor(c), c.req.valid("json"));
      return created ? c.json(report, 201) : c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/appeals",
      tags,
      summary: "The signed-in learner's standing: a suspension in force, the decisions about them and their appeals",
      security: bearer,
      responses: { 200: json(MyModeration, "The learner's standing"), ...errors(401) },
    }),
    async (c) => c.json(await myModeration(p, requireActor(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/appeals",
      tags,
      summary: "Appeal a decision upheld about the signed-in learner (one appeal per decision)",
      description: "Allowed while suspended. 10 appeals a day.",
      security: bearer,
      request: body(AppealInput),
      responses: rateLimited({ 201: json(Appeal, "Appealed"), ...errors(400, 401, 404, 409, 429) }),
    }),
    async (c) => c.json(await fileAppeal(p, requireActor(c), c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/reports",
      tags,
      summary: "The moderation queue: reports in one status, oldest first, or every report about one learner",
      security: bearer,
      request: { query: ReportQuery },
      responses: { 200: json(PageOf(Report), "Reports"), ...errors(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listReports(p, requireActor(c), q), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/reports/{id}",
      tags,
      summary: "One report with its decision and appeal",
      security: bearer,
      request: { params: IdParam },
      responses: { 200: json(Report, "The report"), ...errors(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getReport(p, requireActor(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/reports/{id}/decision",
      tags,
      summary: "Decide an open report: dismiss, warn, suspend for a number of days, or ban",
      description:
        "Upholding (warn, suspend, ban) tells the reported learner by email and counts towards the automatic " +
        "suspension: 3 upheld reports within 30 days suspend the account for 7 days.",
      security: bearer,
      request: { params: IdParam, ...body(DecisionInput) },
      responses: { 200: json(Report, "Decided"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await decideReport(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/appeals",
      tags,
      summary: "Appeals in one status, oldest first",
      security: bearer,
      request: { query: AppealQuery },
      responses: { 200: json(PageOf(Appeal), "Appeals"), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await listAppeals(p, requireActor(c), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/appeals/{id}/decision",
      tags,
      summary: "Decide the open appeal of a report's decision (`id` is the report's): uphold it or overturn it",
      security: bearer,
      request: { params: IdParam, ...body(AppealDecisionInput) },
      responses: { 200: json(Appeal, "Decided"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await decideAppeal(p, requireActor(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/audit",
      tags,
      summary: "The moderation audit log, newest first, or its entries about one learner",
      security: bearer,
      request: { query: AuditQuery },
      responses: { 200: json(PageOf(AuditEntry), "Audit entries"), ...errors(400, 401, 403) },
    }),
    async (c) => c.json(await listAudit(p, requireActor(c), c.req.valid("query")), 200),
  );

  return app;
}
