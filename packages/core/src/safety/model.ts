// Safety's shapes: what a learner may report, the moderation queue's reports and decisions, appeals and the audit log.
import { z } from "../platform/schema.js";

/** Reports a learner may file in a day (429 `rate.limited` beyond). */
export const REPORT_RATE_LIMIT = { bucket: "safety.reports", limit: 20, windowSeconds: 86_400 } as const;
/** Appeals a learner may file in a day (one per decision in any case). */
export const APPEAL_RATE_LIMIT = { bucket: "safety.appeals", limit: 10, windowSeconds: 86_400 } as const;
/** Upheld decisions within AUTO_SUSPEND_WINDOW_DAYS that suspend an account without an admin's decision. */
export const AUTO_SUSPEND_STRIKES = 3;
export const AUTO_SUSPEND_WINDOW_DAYS = 30;
/** How long the automatic suspension lasts. */
export const AUTO_SUSPEND_DAYS = 7;

const Id = z.string().min(1).max(64);
const Text = (max: number) => z.string().max(max);

export const ReportReason = z.enum(["harassment", "hate", "sexual", "spam", "cheating", "other"]);
export type ReportReason = z.infer<typeof ReportReason>;

/** What a learner may report: a pod-mate, a check-in or a coach document they can see. */
export const ReportTarget = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("user"), userId: Id, podId: Id }),
    z.strictObject({ kind: z.literal("checkin"), sessionId: Id, userId: Id }),
    z.strictObject({
      kind: z.literal("coach_document"),
      sessionId: Id,
      version: z.number().int().min(1).max(1_000_000),
    }),
  ])
  .openapi("ReportTarget");
export type ReportTarget = z.infer<typeof ReportTarget>;

/** A report's target as stored: what learners report, or a text the content filter flagged. */
export const StoredTarget = z
  .union([ReportTarget, z.object({ kind: z.literal("text"), field: Text(80), ref: Text(200) }).openapi("FlaggedText")])
  .openapi("StoredReportTarget");
export type StoredTarget = z.infer<typeof StoredTarget>;

export const ReportInput = z
  .strictObject({
    target: ReportTarget,
    reason: ReportReason,
    details: z.string().trim().max(1000).optional(),
  })
  .openapi("ReportInput");
export type ReportInput = z.infer<typeof ReportInput>;

export const ReportStatus = z.enum(["open", "upheld", "dismissed", "overturned"]);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const DecisionOutcome = z.enum(["dismiss", "warn", "suspend", "ban"]);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const DecisionInput = z
  .strictObject({
    outcome: DecisionOutcome,
    /** Why: the reported learner reads it with the decision. */
    note: z.string().trim().min(1).max(1000),
    /** For `suspend`: how many days. */
    days: z.number().int().min(1).max(365).optional(),
  })
  .openapi("DecisionInput");
export type DecisionInput = z.infer<typeof DecisionInput>;

export const AppealOutcome = z.enum(["upheld", "overturned"]);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

const Decision = z
  .object({
    outcome: DecisionOutcome,
    note: Text(1000),
    until: Text(40).nullable(),
    decidedBy: Text(64),
    decidedAt: Text(40),
  })
  .openapi("ModerationDecision");

const AppealState = z.object({ status: z.enum(["open", "upheld", "overturned"]), at: Text(40) });

/** A report as admins see it in the queue. */
export const Report = z
  .object({
    id: Id,
    status: ReportStatus,
    source: z.enum(["learner", "filter"]),
    reporterId: Text(64),
    subjectUserId: Text(64).nullable(),
    subjectName: Text(120).nullable(),
    target: StoredTarget,
    reason: ReportReason,
    details: Text(1000).nullable(),
    excerpt: Text(2000).nullable(),
    terms: z.array(Text(80)).max(50),
    createdAt: Text(40),
    decision: Decision.nullable(),
    appeal: AppealState.nullable(),
  })
  .openapi("Report");
export type Report = z.infer<typeof Report>;

/** What the reporting learner gets back: their report's state, never the decision's note about someone else. */
export const FiledReport = z
  .object({ id: Id, status: ReportStatus, target: ReportTarget, reason: ReportReason, createdAt: Text(40) })
  .openapi("FiledReport");
export type FiledReport = z.infer<typeof FiledReport>;

export const AppealInput = z
  .strictObject({
    /** The report whose decision is appealed. */
    reportId: Id,
    text: z.string().trim().min(10).max(2000),
  })
  .openapi("AppealInput");
export type AppealInput = z.infer<typeof AppealInput>;

export const AppealDecisionInput = z
  .strictObject({ outcome: AppealOutcome, note: z.string().trim().min(1).max(1000) })
  .openapi("AppealDecisionInput");
export type AppealDecisionInput = z.infer<typeof AppealDecisionInput>;

export const Appeal = z
  .object({
    id: Id,
    reportId: Id,
    userId: Text(64),
    text: Text(2000),
    status: z.enum(["open", "upheld", "overturned"]),
    createdAt: Text(40),
    decision: z.object({ note: Text(1000), decidedBy: Text(64), decidedAt: Text(40) }).nullable(),
  })
  .openapi("Appeal");
export type Appeal = z.infer<typeof Appeal>;

/** A decision about the signed-in learner, as they read it (with what was reported and their appeal). */
export const DecisionAboutMe = z
  .object({
    reportId: Id,
    status: ReportStatus,
    reason: ReportReason,
    excerpt: Text(2000).nullable(),
    decision: Decision,
    appeal: Appeal.nullable(),
    /** Whether an appeal may still be filed (upheld, and none yet). */
    canAppeal: z.boolean(),
  })
  .openapi("DecisionAboutMe");
export type DecisionAboutMe = z.infer<typeof DecisionAboutMe>;

/** GET /v1/appeals: the learner's standing, the decisions about them and their appeals. */
export const MyModeration = z
  .object({
    suspension: z.object({ until: Text(40).nullable() }).nullable(),
    decisions: z.array(DecisionAboutMe).max(200),
  })
  .openapi("MyModeration");
export type MyModeration = z.infer<typeof MyModeration>;

export const AuditEntry = z
  .object({
    id: Id,
    at: Text(40),
    actorId: Text(64),
    /** The actor's current name ("Pactly (automatic)" for the system, "Former member" once erased). */
    actorName: Text(120),
    action: Text(80),
    reportId: Text(64).nullable(),
    subjectUserId: Text(64).nullable(),
    subjectName: Text(120).nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");
export type AuditEntry = z.infer<typeof AuditEntry>;
