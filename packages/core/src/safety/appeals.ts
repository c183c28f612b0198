// Appeals: the learner a decision was upheld against appeals it once; an admin upholds or overturns it. Overturning
// removes the decision's strike, so the suspension it caused (or helped cause) is lifted.
import { type Actor, requireRole } from "../access/index.js";
import { getUser, ownerIndex, suspensionAt } from "../accounts/index.js";
import { notificationEffects } from "../notifications/index.js";
import {
  commitWithEffects,
  conflict,
  enforceRateLimit,
  isConditionFailed,
  notFound,
  type Page,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { auditOp } from "./audit.js";
import {
  APPEAL_RATE_LIMIT,
  type Appeal,
  type AppealDecisionInput,
  type AppealInput,
  type DecisionAboutMe,
  type MyModeration,
} from "./model.js";
import { type AppealItem, AppealRecord, appealKey, type ReportItem, ReportRecord, reportKey } from "./records.js";
import { reconcileSuspension } from "./reports.js";

const toAppeal = (a: AppealItem): Appeal => ({
  id: a.id,
  reportId: a.reportId,
  userId: a.userId,
  text: a.text,
  status: a.status,
  createdAt: a.createdAt,
  decision: a.decision,
});

/** The decisions upheld (or overturned) about the learner, newest first, each with its appeal. */
async function decisionsAbout(p: Platform, userId: string): Promise<DecisionAboutMe[]> {
  const reports = (await p.store.queryAll<ReportItem>(ReportRecord.query("about", { userId }))).filter(
    (r) => r.decision && (r.status === "upheld" || r.status === "overturned"),
  );
  const appeals = await p.store.getMany<AppealItem>(reports.map((r) => appealKey(r.id)));
  const byReport = new Map(appeals.map((a) => [a.reportId, a]));
  // The learner reads what was decided, not which admin decided it.
  const anonymous = <T extends { decidedBy: string }>(d: T): T => ({ ...d, decidedBy: "moderator" });
  return reports.map((r) => {
    const appeal = byReport.get(r.id);
    const appealed = appeal ? toAppeal(appeal) : null;
    return {
      reportId: r.id,
      status: r.status,
      reason: r.reason,
      excerpt: r.excerpt,
      decision: anonymous(r.decision!),
      appeal: appealed && { ...appealed, decision: appealed.decision && anonymous(appealed.decision) },
      canAppeal: r.status === "upheld" && !appeal,
    };
  });
}

/** GET /v1/appeals: the learner's standing (a suspension in force) and the decisions about them. */
export async function myModeration(p: Platform, actor: Actor): Promise<MyModeration> {
  const [user, decisions] = await Promise.all([getUser(p, actor.userId, true), decisionsAbout(p, actor.userId)]);
  const suspension = user
    ? suspensionAt({ accountStatus: user.status, suspendedUntil: user.suspendedUntil ?? null }, p.clock.now())
    : undefined;
  return { suspension: suspension ?? null, decisions };
}

/** The learner a decision was upheld against appeals it, once. */
export async function fileAppeal(p: Platform, actor: Actor, input: AppealInput): Promise<Appeal> {
  await enforceRateLimit(p, APPEAL_RATE_LIMIT, actor.userId);
  const report = await p.store.get<ReportItem>(reportKey(input.reportId), { consistent: true });
  // Someone else's report is not found: its existence is not the appellant's to learn.
  if (!report || report.subjectUserId !== actor.userId || !report.decision || report.status === "dismissed") {
    throw notFound("decision.not_found", "There is no decision about you with this id.");
  }
  if (report.appeal) throw conflict("appeal.exists", "This decision has already been appealed; one appeal is allowed.");
  if (report.status !== "upheld") throw conflict("appeal.not_allowed", "Only an upheld decision can be appealed.");
  const createdAt = p.clock.now().toISOString();
  const id = p.ids.next();
  const item: AppealItem = {
    ...appealKey(report.id),
    ...ownerIndex(actor.userId, `APPEAL#${createdAt}#${id}`),
    gsi1pk: "APPEALS#open",
    gsi1sk: `${createdAt}#${id}`,
    type: "Appeal",
    id,
    reportId: report.id,
    userId: actor.userId,
    text: input.text,
    status: "open",
    createdAt,
    decision: null,
  };
  try {
    await p.store.transact([
      { put: item, condition: { absent: true } },
      {
        update: reportKey(report.id),
        changes: { set: { appeal: { status: "open", at: createdAt } } },
        condition: { version: report.version ?? 0 },
      },
      auditOp(p, { actorId: actor.userId, action: "appeal.filed", reportId: report.id, subjectUserId: actor.userId }),
    ]);
  } catch (e) {
    if (isConditionFailed(e)) {
      throw conflict("appeal.exists", "This decision has already been appealed; one appeal is allowed.");
    }
    throw e;
  }
  return toAppeal(item);
}

/** Appeals in one status, oldest first (admins). */
export async function listAppeals(
  p: Platform,
  actor: Actor,
  query: { status: "open" | "upheld" | "overturned"; limit: number; cursor?: string | null | undefined },
): Promise<Page<Appeal>> {
  requireRole(actor, "admin", "system");
  const out = await p.store.query<AppealItem>(
    AppealRecord.query("byStatus", { status: query.status }, { limit: query.limit, cursor: query.cursor ?? null }),
  );
  return { items: out.items.map(toAppeal), nextCursor: out.nextCursor };
}

/**
 * An admin decides an open appeal: `upheld` keeps the decision, `overturned` reverses it (the report reads
 * `overturned`, its strike goes, and the suspension is brought in line with what remains).
 */
export async function decideAppeal(
  p: Platform,
  actor: Actor,
  reportId: string,
  input: AppealDecisionInput,
): Promise<Appeal> {
  requireRole(actor, "admin", "system");
  const [appeal, report] = await Promise.all([
    p.store.get<AppealItem>(appealKey(reportId), { consistent: true }),
    p.store.get<ReportItem>(reportKey(reportId), { consistent: true }),
  ]);
  if (!appeal || !report) throw notFound("appeal.not_found", "No such appeal.");
  if (appeal.status !== "open") throw conflict("appeal.decided", "This appeal has already been decided.");
  const at = p.clock.now().toISOString();
  const overturned = input.outcome === "overturned";
  const decision = { note: input.note, decidedBy: actor.userId, decidedAt: at };
  const ops: TransactOp[] = [
    {
      update: appealKey(reportId),
      changes: {
        set: { status: input.outcome, decision, gsi1pk: `APPEALS#${input.outcome}`, gsi1sk: `${at}#${appeal.id}` },
      },
      condition: { version: appeal.version ?? 0 },
    },
    {
      update: reportKey(reportId),
      changes: {
        set: {
          appeal: { status: input.outcome, at },
          ...(overturned
            ? { status: "overturned", strike: null, gsi1pk: "REPORTS#overturned", gsi1sk: `${at}#${reportId}` }
            : {}),
        },
      },
      condition: { version: report.version ?? 0 },
    },
    ...(overturned && report.strike ? [{ delete: report.strike } satisfies TransactOp] : []),
    auditOp(p, {
      actorId: actor.userId,
      action: "appeal.decided",
      reportId,
      subjectUserId: appeal.userId,
      details: { outcome: input.outcome, note: input.note },
    }),
  ];
  const effects = await notificationEffects(p, {
    userId: appeal.userId,
    type: "appeal_decided",
    data: { outcome: input.outcome, note: input.note },
  });
  try {
    await commitWithEffects(p, ops, effects);
  } catch (e) {
    if (isConditionFailed(e)) throw conflict("appeal.decided", "This appeal was decided meanwhile.");
    throw e;
  }
  if (overturned) await reconcileSuspension(p, appeal.userId);
  return toAppeal({ ...appeal, status: input.outcome, decision });
}
