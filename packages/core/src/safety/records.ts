// How reports, decisions, appeals and the audit log are stored. A report holds its decision (one per report); the
// strikes an upheld decision leaves are in the reported learner's partition, so "upheld in the last 30 days" is one
// Query; appeals are one per decision by key; the audit log is only ever appended to.
import { defineEntity, type Item } from "../platform/index.js";
import type { AppealOutcome, DecisionOutcome, ReportReason, ReportStatus, StoredTarget } from "./model.js";

export type ReportItem = Item & {
  type: "Report";
  id: string;
  status: ReportStatus;
  /** `learner`: a learner reported it; `filter`: the content filter flagged it for review. */
  source: "learner" | "filter";
  /** The reporting learner, "system" for the filter, "erased" once the reporter's account is gone. */
  reporterId: string;
  /** The learner the report is about; null when nobody wrote it (the coach's own text). */
  subjectUserId: string | null;
  target: StoredTarget;
  reason: ReportReason;
  details: string | null;
  /** What the reported content said when it was reported, so later edits do not change what is judged. */
  excerpt: string | null;
  /** Terms the filter matched (filter reports). */
  terms: string[];
  createdAt: string;
  decision: {
    outcome: DecisionOutcome;
    note: string;
    /** For a suspension: when it ends (null: a ban). */
    until: string | null;
    decidedBy: string;
    decidedAt: string;
  } | null;
  appeal: {
    status: "open" | AppealOutcome;
    at: string;
  } | null;
  /** The key of this report's claim (while it is open) and of the strike its upholding left. */
  claim: { pk: string; sk: string } | null;
  strike: { pk: string; sk: string } | null;
};

/** The one open report of a reporter on one target: a second report of the same thing finds the first. */
export type ReportClaimItem = Item & { type: "ReportClaim"; reportId: string };

/** An upheld decision against a learner; removed when an appeal overturns it. */
export type StrikeItem = Item & {
  type: "Strike";
  userId: string;
  reportId: string;
  outcome: DecisionOutcome;
  /** For a suspension: its end; for a ban: null. */
  until: string | null;
  at: string;
};

export type AppealItem = Item & {
  type: "Appeal";
  id: string;
  reportId: string;
  userId: string;
  text: string;
  status: "open" | AppealOutcome;
  createdAt: string;
  decision: { note: string; decidedBy: string; decidedAt: string } | null;
};

export type AuditItem = Item & {
  type: "AuditEntry";
  id: string;
  at: string;
  /** Who acted: an admin's id, a learner's id, or "system". */
  actorId: string;
  action: string;
  reportId: string | null;
  subjectUserId: string | null;
  details: Record<string, unknown>;
};

export const ReportRecord = defineEntity("Report", {
  one: { name: "One report with its decision", pk: "REPORT#<reportId>", sk: "REPORT" },
  byStatus: {
    name: "Reports in one status, oldest first (the moderation queue; `gsi1sk` is `<createdAt>#<id>`)",
    index: "gsi1",
    pk: "REPORTS#<status>",
  },
  about: {
    name: "Reports about one learner, newest first",
    index: "gsi2",
    pk: "REPORTSON#<userId>",
    descending: true,
  },
  by: {
    name: "Reports one learner made, newest first",
    index: "gsi3",
    pk: "REPORTSBY#<userId>",
    descending: true,
  },
});

export const ReportClaim = defineEntity("ReportClaim", {
  one: {
    name: "A reporter's open report on one target",
    pk: "REPORTCLAIM#<reporterId>#<targetHash>",
    sk: "CLAIM",
    note: "conditional put `attribute_not_exists(pk)` with the report",
  },
});

export const StrikeRecord = defineEntity("Strike", {
  one: { name: "One upheld decision against a learner", pk: "USER#<userId>", sk: "STRIKE#<at>#<reportId>" },
  ofUser: {
    name: "A learner's upheld decisions, oldest first (what their suspension is derived from)",
    pk: "USER#<userId>",
    sk: { beginsWith: "STRIKE#" },
    consistent: true,
  },
});

export const AppealRecord = defineEntity("Appeal", {
  one: {
    name: "The appeal of one decision",
    pk: "APPEAL#<reportId>",
    sk: "APPEAL",
    note: "conditional put `attribute_not_exists(pk)`: one appeal per decision",
  },
  byStatus: {
    name: "Appeals in one status, oldest first (`gsi1sk` is `<createdAt>#<id>`)",
    index: "gsi1",
    pk: "APPEALS#<status>",
  },
});

export const AuditRecord = defineEntity("AuditEntry", {
  all: {
    name: "The moderation audit log, newest first (`sk` is `<at>#<id>`)",
    pk: "AUDIT",
    descending: true,
    note: "only ever put with `attribute_not_exists(pk)`",
  },
  about: {
    name: "The audit entries about one learner, newest first",
    index: "gsi1",
    pk: "AUDITOF#<userId>",
    descending: true,
  },
});

export const reportKey = (reportId: string) => ReportRecord.key("one", { reportId });
export const appealKey = (reportId: string) => AppealRecord.key("one", { reportId });
export const strikeKey = (userId: string, at: string, reportId: string) =>
  StrikeRecord.key("one", { userId, at, reportId });
