// Reports and their decisions: a learner reports what they can see of a pod-mate (their profile, a check-in, a coach
// document), the content filter flags borderline text, and an admin dismisses, warns, suspends or bans. A learner's
// suspension is derived from the decisions upheld against them (reconcileSuspension), so an overturned decision or a
// suspension's end needs no second bookkeeping.
import { createHash } from "node:crypto";
import { type Actor, requireRole } from "../access/index.js";
import { getUser, profileKey, type StoredUser, setSuspension, suspensionAt } from "../accounts/index.js";
import { getCoachVersion } from "../coach/index.js";
import { notificationEffects } from "../notifications/index.js";
import {
  badRequest,
  commitWithEffects,
  conflict,
  enforceRateLimit,
  isConditionFailed,
  notFound,
  type Page,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { podMembership } from "../pods/index.js";
import { listCheckIns } from "../sessions/index.js";
import { auditOp } from "./audit.js";
import {
  AUTO_SUSPEND_DAYS,
  AUTO_SUSPEND_STRIKES,
  AUTO_SUSPEND_WINDOW_DAYS,
  type DecisionInput,
  type FiledReport,
  REPORT_RATE_LIMIT,
  type Report,
  type ReportInput,
  type ReportStatus,
  type ReportTarget,
  type StoredTarget,
} from "./model.js";
import {
  type ReportClaimItem,
  type ReportItem,
  ReportRecord,
  reportKey,
  type StrikeItem,
  StrikeRecord,
  strikeKey,
} from "./records.js";

const DAY_MS = 86_400_000;
const FORMER_MEMBER = "Former member";

const notFoundTarget = () => notFound("report.target_not_found", "There is nothing to report there.");

/** What a report is about, as the reporter could see it. */
interface Resolved {
  subjectUserId: string | null;
  excerpt: string | null;
}

/** The target as the reporter sees it; what they cannot see is not found (or 403 where the object's route says so). */
async function resolveTarget(p: Platform, actor: Actor, target: ReportTarget): Promise<Resolved> {
  switch (target.kind) {
    case "user": {
      const pod = await podMembership(p, target.podId, actor.userId);
      if (!pod?.accepted.includes(actor.userId) || !pod.accepted.includes(target.userId)) throw notFoundTarget();
      const user = await getUser(p, target.userId);
      if (!user) throw notFoundTarget();
      return { subjectUserId: user.id, excerpt: [user.name, user.bio].filter(Boolean).join("\n") || null };
    }
    case "checkin": {
      const checkIns = await listCheckIns(p, actor, target.sessionId);
      const checkIn = checkIns.find((c) => c.userId === target.userId);
      if (!checkIn) throw notFoundTarget();
      const said = [checkIn.win && `Win: ${checkIn.win}`, checkIn.tweak && `Tweak: ${checkIn.tweak}`].filter(Boolean);
      return { subjectUserId: checkIn.userId, excerpt: said.join("\n") || null };
    }
    case "coach_document": {
      const doc = await getCoachVersion(p, actor, target.sessionId, target.version);
      const subject = doc.author.kind === "member" ? doc.author.userId : null;
      const excerpt = [
        doc.notes.summary,
        ...doc.agenda.map((a) => `${a.title}: ${a.detail}`),
        ...doc.actionItems.map((a) => a.text),
      ]
        .filter(Boolean)
        .join("\n")
        .slice(0, 2000);
      return { subjectUserId: subject, excerpt: excerpt || null };
    }
  }
}

const targetHash = (target: StoredTarget, extra = "") =>
  createHash("sha256")
    .update(JSON.stringify(target) + extra)
    .digest("base64url")
    .slice(0, 32);

const claimKeyOf = (reporterId: string, hash: string) => ({ pk: `REPORTCLAIM#${reporterId}#${hash}`, sk: "CLAIM" });

function reportItem(
  p: Platform,
  input: Pick<
    ReportItem,
    "source" | "reporterId" | "subjectUserId" | "target" | "reason" | "details" | "excerpt" | "terms" | "claim"
  >,
): ReportItem {
  const id = p.ids.next();
  const createdAt = p.clock.now().toISOString();
  return {
    ...reportKey(id),
    type: "Report",
    id,
    status: "open",
    gsi1pk: "REPORTS#open",
    gsi1sk: `${createdAt}#${id}`,
    ...(input.subjectUserId ? { gsi2pk: `REPORTSON#${input.subjectUserId}`, gsi2sk: `${createdAt}#${id}` } : {}),
    ...(input.source === "learner" ? { gsi3pk: `REPORTSBY#${input.reporterId}`, gsi3sk: `${createdAt}#${id}` } : {}),
    createdAt,
    decision: null,
    appeal: null,
    strike: null,
    ...input,
  };
}

/** Writes a new report with its claim, or finds the open one the claim names. */
async function fileOnce(p: Platform, item: ReportItem): Promise<{ item: ReportItem; created: boolean }> {
  const claim: ReportClaimItem = { ...item.claim!, type: "ReportClaim", reportId: item.id };
  try {
    await p.store.transact([
      { put: claim, condition: { absent: true } },
      { put: item, condition: { absent: true } },
      auditOp(p, {
        actorId: item.reporterId,
        action: item.source === "filter" ? "content.flagged" : "report.filed",
        reportId: item.id,
        subjectUserId: item.subjectUserId,
        details: { target: item.target, reason: item.reason },
      }),
    ]);
    return { item, created: true };
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const held = await p.store.get<ReportClaimItem>(item.claim!, { consistent: true });
    const existing = held && (await p.store.get<ReportItem>(reportKey(held.reportId), { consistent: true }));
    if (!existing) throw conflict("report.changed", "The report changed meanwhile. Try again.");
    return { item: existing, created: false };
  }
}

export const toFiledReport = (r: ReportItem): FiledReport => ({
  id: r.id,
  status: r.status,
  target: r.target as ReportTarget,
  reason: r.reason,
  createdAt: r.createdAt,
});

/**
 * A learner reports a pod-mate, a check-in or a coach document they can see. Reporting the same thing again while
 * the first report is open gives back the first (`created: false`). 20 reports a day at most.
 */
export async function fileReport(
  p: Platform,
  actor: Actor,
  input: ReportInput,
): Promise<{ report: FiledReport; created: boolean }> {
  await enforceRateLimit(p, REPORT_RATE_LIMIT, actor.userId);
  const resolved = await resolveTarget(p, actor, input.target);
  if (resolved.subjectUserId === actor.userId) throw badRequest("report.self", "You cannot report yourself.");
  const hash = targetHash(input.target);
  const { item, created } = await fileOnce(
    p,
    reportItem(p, {
      source: "learner",
      reporterId: actor.userId,
      subjectUserId: resolved.subjectUserId,
      target: input.target,
      reason: input.reason,
      details: input.details || null,
      excerpt: resolved.excerpt,
      terms: [],
      claim: claimKeyOf(actor.userId, hash),
    }),
  );
  return { report: toFiledReport(item), created };
}

/** What the content filter hands over: borderline text a learner stored, for an admin to look at. */
export interface ContentFlag {
  /** A stable dotted name of the field ("checkin.win", "goal.title"). */
  field: string;
  /** Which record (a goal's id, a session id and user id). */
  ref: string;
  userId: string;
  text: string;
  terms: string[];
}

/** Files a borderline text in the moderation queue; the same text of the same record is filed once while open. */
export async function flagContent(p: Platform, flag: ContentFlag): Promise<void> {
  const target: StoredTarget = { kind: "text", field: flag.field.slice(0, 80), ref: flag.ref.slice(0, 200) };
  const hash = targetHash(target, flag.text);
  await fileOnce(
    p,
    reportItem(p, {
      source: "filter",
      reporterId: "system",
      subjectUserId: flag.userId,
      target,
      reason: "other",
      details: "Flagged by the content filter.",
      excerpt: flag.text.slice(0, 2000),
      terms: flag.terms.slice(0, 50).map((t) => t.slice(0, 80)),
      claim: claimKeyOf("system", hash),
    }),
  );
}

/** Reports as admins see them: with the reported learner's current name. */
export async function toReports(p: Platform, items: readonly ReportItem[]): Promise<Report[]> {
  const subjects = [...new Set(items.flatMap((i) => (i.subjectUserId ? [i.subjectUserId] : [])))];
  const users = await p.store.getMany<StoredUser>(subjects.map(profileKey));
  const names = new Map(users.map((u) => [u.id, u.name]));
  return items.map((r) => ({
    id: r.id,
    status: r.status,
    source: r.source,
    reporterId: r.reporterId,
    subjectUserId: r.subjectUserId,
    subjectName: r.subjectUserId ? (names.get(r.subjectUserId) ?? FORMER_MEMBER) : null,
    target: r.target,
    reason: r.reason,
    details: r.details,
    excerpt: r.excerpt,
    terms: r.terms ?? [],
    createdAt: r.createdAt,
    decision: r.decision,
    appeal: r.appeal,
  }));
}

export interface ReportQuery {
  status: ReportStatus;
  source?: "learner" | "filter" | undefined;
  subjectUserId?: string | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

/**
 * The moderation queue: reports in one status, oldest first; or every report about one learner, newest first.
 * `source` narrows a page (a page may then hold fewer than `limit`; follow `nextCursor`).
 */
export async function listReports(p: Platform, actor: Actor, query: ReportQuery): Promise<Page<Report>> {
  requireRole(actor, "admin", "system");
  const page = { limit: query.limit, cursor: query.cursor ?? null };
  const out = await p.store.query<ReportItem>(
    query.subjectUserId
      ? ReportRecord.query("about", { userId: query.subjectUserId }, page)
      : ReportRecord.query("byStatus", { status: query.status }, page),
  );
  const items = out.items.filter(
    (r) => (!query.subjectUserId || r.status === query.status) && (!query.source || r.source === query.source),
  );
  return { items: await toReports(p, items), nextCursor: out.nextCursor };
}

export async function getReport(p: Platform, actor: Actor, reportId: string): Promise<Report> {
  requireRole(actor, "admin", "system");
  const item = await p.store.get<ReportItem>(reportKey(reportId), { consistent: true });
  if (!item) throw notFound("report.not_found", "No such report.");
  return (await toReports(p, [item]))[0]!;
}

/**
 * An admin's decision on an open report: dismiss it, or uphold it with a warning, a suspension of `days` days or a
 * ban. Upholding leaves a strike on the reported learner (3 within 30 days suspend them for 7 days on their own),
 * tells them by email, and is written to the audit log in the same transaction.
 */
export async function decideReport(p: Platform, actor: Actor, reportId: string, input: DecisionInput): Promise<Report> {
  requireRole(actor, "admin", "system");
  const report = await p.store.get<ReportItem>(reportKey(reportId), { consistent: true });
  if (!report) throw notFound("report.not_found", "No such report.");
  if (report.status !== "open") {
    throw conflict("report.decided", "This report has already been decided.", { status: report.status });
  }
  const upheld = input.outcome !== "dismiss";
  const subject = report.subjectUserId;
  if (!subject && (input.outcome === "suspend" || input.outcome === "ban")) {
    throw badRequest("report.no_subject", "Nobody wrote this content: dismiss the report or uphold it with a warning.");
  }
  if (input.outcome === "suspend" && input.days === undefined) {
    throw badRequest("decision.days_required", "Say for how many days the account is suspended.", {
      field: "days",
    });
  }
  if (input.outcome !== "suspend" && input.days !== undefined) {
    throw badRequest("decision.days_unexpected", "Only a suspension takes a number of days.", { field: "days" });
  }
  const now = p.clock.now();
  const at = now.toISOString();
  const until = input.outcome === "suspend" ? new Date(now.getTime() + input.days! * DAY_MS).toISOString() : null;
  const decision = { outcome: input.outcome, note: input.note, until, decidedBy: actor.userId, decidedAt: at };
  const status: ReportStatus = upheld ? "upheld" : "dismissed";
  const strike = upheld && subject ? strikeKey(subject, at, report.id) : null;
  const ops: TransactOp[] = [
    {
      update: reportKey(report.id),
      changes: {
        set: { status, decision, strike, claim: null, gsi1pk: `REPORTS#${status}`, gsi1sk: `${at}#${report.id}` },
      },
      condition: { version: report.version ?? 0 },
    },
    // The reporter may report the same thing again once this one is decided.
    ...(report.claim ? [{ delete: report.claim } satisfies TransactOp] : []),
    ...(strike && subject
      ? [
          {
            put: {
              ...strike,
              type: "Strike",
              userId: subject,
              reportId: report.id,
              outcome: input.outcome,
              until: input.outcome === "ban" ? null : until,
              at,
            } satisfies StrikeItem,
            condition: { absent: true },
          } satisfies TransactOp,
        ]
      : []),
    auditOp(p, {
      actorId: actor.userId,
      action: "report.decided",
      reportId: report.id,
      subjectUserId: subject,
      details: { outcome: input.outcome, note: input.note, until, days: input.days ?? null },
    }),
  ];
  const effects =
    upheld && subject
      ? await notificationEffects(p, {
          userId: subject,
          type: "moderation_decision",
          data: { outcome: input.outcome as "warn" | "suspend" | "ban", note: input.note, until },
        })
      : [];
  try {
    await commitWithEffects(p, ops, effects);
  } catch (e) {
    if (isConditionFailed(e)) throw conflict("report.decided", "This report was decided meanwhile.");
    throw e;
  }
  if (strike && subject) await reconcileSuspension(p, subject);
  return getReport(p, actor, report.id);
}

/** Whether the upheld decisions against a learner suspend them now, and until when (null: no end). */
export function suspensionFromStrikes(strikes: readonly StrikeItem[], now: Date): { until: string | null } | undefined {
  const sorted = [...strikes].sort((a, b) => a.at.localeCompare(b.at));
  let end: number | null | undefined; // undefined: not suspended; null: without end
  const extend = (until: number | null) => {
    if (until === null || end === null) end = null;
    else end = Math.max(end ?? 0, until);
  };
  sorted.forEach((s, i) => {
    if (s.outcome === "ban") extend(null);
    if (s.outcome === "suspend" && s.until) extend(new Date(s.until).getTime());
    // The third upheld decision within 30 days suspends the account for 7 days from that decision.
    const at = new Date(s.at).getTime();
    const recent = sorted
      .slice(0, i + 1)
      .filter((o) => at - new Date(o.at).getTime() < AUTO_SUSPEND_WINDOW_DAYS * DAY_MS);
    if (recent.length >= AUTO_SUSPEND_STRIKES) extend(at + AUTO_SUSPEND_DAYS * DAY_MS);
  });
  if (end === undefined) return undefined;
  if (end === null) return { until: null };
  return end > now.getTime() ? { until: new Date(end).toISOString() } : undefined;
}

/**
 * Brings the account's suspension in line with the decisions upheld against it: suspends (or extends) after an
 * upheld decision, lifts it when an appeal overturned what caused it. Idempotent: running it again changes nothing.
 */
export async function reconcileSuspension(p: Platform, userId: string): Promise<void> {
  const [user, strikes] = await Promise.all([
    getUser(p, userId, true),
    p.store.queryAll<StrikeItem>(StrikeRecord.query("ofUser", { userId })),
  ]);
  if (!user) return;
  const now = p.clock.now();
  const wanted = suspensionFromStrikes(strikes, now);
  const current = suspensionAt({ accountStatus: user.status, suspendedUntil: user.suspendedUntil ?? null }, now);
  if ((wanted?.until ?? "none") === (current?.until ?? "none") && Boolean(wanted) === Boolean(current)) return;
  const system = { userId: "system", role: "system" as const };
  await setSuspension(p, system, userId, wanted ?? null);
  const automatic =
    wanted && !strikes.some((s) => s.outcome === "ban" || (s.outcome === "suspend" && s.until === wanted.until));
  await p.store.transact([
    auditOp(p, {
      actorId: "system",
      action: wanted ? "account.suspended" : "account.reinstated",
      subjectUserId: userId,
      details: wanted
        ? {
            until: wanted.until,
            because: automatic
              ? `${AUTO_SUSPEND_STRIKES} upheld reports within ${AUTO_SUSPEND_WINDOW_DAYS} days`
              : "an upheld decision",
          }
        : { because: "no decision in force suspends the account" },
    }),
  ]);
}
