// Reports, decisions, appeals and the moderation audit log in plain words, for learners and for admins.
import type { Schemas } from "../api/client";
import { formatWhen } from "./format";

export type ReportReason = Schemas["ReportInput"]["reason"];
export type DecisionOutcome = Schemas["DecisionInput"]["outcome"];
export type ReportStatus = Schemas["Report"]["status"];
export type AppealStatus = NonNullable<Schemas["Appeal"]>["status"];

/** The reasons a learner may give, as the report form offers them. */
export const REPORT_REASONS: { value: ReportReason; label: string }[] = [
  { value: "harassment", label: "Harassment or bullying" },
  { value: "hate", label: "Hate or slurs" },
  { value: "sexual", label: "Sexual content" },
  { value: "spam", label: "Spam or advertising" },
  { value: "cheating", label: "Cheating" },
  { value: "other", label: "Something else" },
];

export const reasonLabel = (reason: string) => REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason;

/** The most a learner may add to a report, and what an appeal must be. */
export const REPORT_DETAILS_MAX = 1000;
export const APPEAL_TEXT = { min: 10, max: 2000 } as const;
export const NOTE_MAX = 1000;

export const DECISION_OUTCOMES: { value: DecisionOutcome; label: string }[] = [
  { value: "dismiss", label: "Dismiss (nothing wrong)" },
  { value: "warn", label: "Warn the learner" },
  { value: "suspend", label: "Suspend for a number of days" },
  { value: "ban", label: "Ban (suspend with no end)" },
];

export const REPORT_STATUSES: { value: ReportStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "upheld", label: "Upheld" },
  { value: "dismissed", label: "Dismissed" },
  { value: "overturned", label: "Overturned on appeal" },
];

export const APPEAL_STATUSES: { value: AppealStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "upheld", label: "Upheld (decision kept)" },
  { value: "overturned", label: "Overturned (decision undone)" },
];

export const TARGET_KINDS: Record<string, string> = {
  user: "Pod-mate's profile",
  checkin: "Check-in",
  coach_document: "Coach document",
  text: "Text flagged by the filter",
};

/** A decision's outcome in a sentence, with the suspension's end in `timeZone` when there is one. */
export function outcomeText(decision: { outcome: DecisionOutcome; until: string | null }, timeZone?: string): string {
  switch (decision.outcome) {
    case "dismiss":
      return "Dismissed: no action was taken.";
    case "warn":
      return "A warning.";
    case "suspend":
      return decision.until
        ? `Suspended until ${formatWhen(decision.until, timeZone)}.`
        : "Suspended with no end date.";
    case "ban":
      return "Banned: suspended with no end date.";
  }
}

/** When a suspension ends, in words: the date and time in `timeZone`, or that it has no end. */
export function suspensionEnd(until: string | null, timeZone?: string): string {
  return until ? `until ${formatWhen(until, timeZone)}` : "with no end date";
}

const AUDIT_ACTIONS: Record<string, string> = {
  "report.filed": "Report filed",
  "content.flagged": "Text flagged by the content filter",
  "report.decided": "Report decided",
  "account.suspended": "Account suspended",
  "account.reinstated": "Account reinstated",
  "appeal.filed": "Appeal filed",
  "appeal.decided": "Appeal decided",
};

export const auditActionLabel = (action: string) => AUDIT_ACTIONS[action] ?? action;

/** An audit entry's details as "key: value" pairs, for a short line under the entry. */
export function auditDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" · ");
}

/** A character counter for a text field with a minimum and a maximum. */
export function counter(length: number, max: number, min = 0): string {
  const base = `${length} of ${max} characters`;
  return min > 0 && length < min ? `${base} (at least ${min})` : base;
}
