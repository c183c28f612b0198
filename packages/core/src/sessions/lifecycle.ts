// A session's life on time: scheduled → active at its start → completed at its end (or cancelled), and attendance.
import type { Actor } from "../access/index.js";
import { ownerIndex } from "../accounts/index.js";
import { markActive, metricOps } from "../analytics/metrics.js";
import {
  commitWithEffects,
  conflict,
  type Item,
  isWriteConflict,
  notFound,
  type Platform,
  type TransactOp,
} from "../platform/index.js";
import { podRoster } from "../pods/index.js";
import { ATTENDANCE_WINDOW, type AttendanceScore, type AttendanceStatus, LATE_AFTER_MINUTES } from "./model.js";
import {
  type AttendanceItem,
  AttendanceRecord,
  type CheckInItem,
  indexedSession,
  type JoinItem,
  joinKey,
  parseSessionId,
  type SessionItem,
  SessionRecord,
} from "./records.js";
import { loadSession, type SessionContext, toSession, videoUrlFor } from "./sessions.js";

const MINUTE = 60_000;
/** A member may open the room this long before the start. */
export const EARLY_JOIN_MINUTES = 15;

/** On time within 5 minutes of the start, late after that, absent without a join by the end. */
export function attendanceOf(
  session: Pick<SessionItem, "startsAt" | "endsAt">,
  join: JoinItem | undefined,
): AttendanceStatus {
  if (!join || join.joinedAt > session.endsAt) return "absent";
  const late = new Date(session.startsAt).getTime() + LATE_AFTER_MINUTES * MINUTE;
  return new Date(join.joinedAt).getTime() > late ? "late" : "on_time";
}

export const attendanceKey = (userId: string, startsAt: string, sessionId: string) =>
  AttendanceRecord.key("one", { userId, startsAt, sessionId });

/** Each member's attendance record, in their own partition: what the score over the last 20 sessions reads. */
function attendanceOps(
  session: SessionItem,
  memberIds: readonly string[],
  joins: readonly JoinItem[],
  checkIns: readonly CheckInItem[],
): { ops: TransactOp[]; attendance: Record<string, AttendanceStatus> } {
  const byUser = new Map(joins.map((j) => [j.userId, j]));
  const checked = new Map(checkIns.map((c) => [c.userId, c]));
  const attendance: Record<string, AttendanceStatus> = {};
  const ops: TransactOp[] = [];
  for (const userId of memberIds) {
    const status = attendanceOf(session, byUser.get(userId));
    attendance[userId] = status;
    const item: AttendanceItem = {
      ...attendanceKey(userId, session.startsAt, session.id),
      type: "Attendance",
      userId,
      sessionId: session.id,
      podId: session.podId,
      startsAt: session.startsAt,
      status,
      checkedIn: checked.get(userId)?.attended === true,
    };
    ops.push({ put: item });
  }
  return { ops, attendance };
}

const attendingOf = (attendance: Record<string, AttendanceStatus>) =>
  Object.values(attendance).filter((a) => a !== "absent").length;

/**
 * Moves a session on to where its time says it is: active from its start, completed (with attendance) from its
 * end. Started by the exact schedules and the five-minute sweep alike; a session already there is left alone.
 */
export async function advanceSession(p: Platform, sessionId: string): Promise<SessionItem | undefined> {
  const ref = parseSessionId(sessionId);
  if (!ref) return undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const items = await p.store.queryAll<Item>(
      SessionRecord.query("withDetails", { podId: ref.podId, number: ref.number }),
    );
    const session = items.find((i) => i.type === "Session") as SessionItem | undefined;
    if (!session || session.status === "completed" || session.status === "cancelled") return session;
    const now = p.clock.now();
    const nowIso = now.toISOString();
    if (now < new Date(session.startsAt)) return session;
    let next: SessionItem;
    let ops: TransactOp[] = [];
    if (now >= new Date(session.endsAt)) {
      const roster = await podRoster(p, session.podId);
      const memberIds = (roster?.members ?? []).filter((m) => !m.erased).map((m) => m.userId);
      const done = attendanceOps(
        session,
        memberIds,
        items.filter((i) => i.type === "SessionJoin") as JoinItem[],
        items.filter((i) => i.type === "CheckIn") as CheckInItem[],
      );
      // Business metrics: the session ended completed, and its attending members are expected to check in.
      ops = [...done.ops, ...metricOps({ sessionsCompleted: 1, checkInsExpected: attendingOf(done.attendance) }, now)];
      next = {
        ...session,
        status: "completed",
        startedAt: session.startedAt ?? session.startsAt,
        endedAt: session.endsAt,
        attendance: done.attendance,
        updatedAt: nowIso,
      };
    } else {
      if (session.status === "active") return session;
      next = { ...session, status: "active", startedAt: nowIso, updatedAt: nowIso };
    }
    try {
      await commitWithEffects(
        p,
        [{ put: indexedSession(next), condition: { version: session.version ?? 0 } }, ...ops],
        [],
      );
      return next;
    } catch (e) {
      if (!isWriteConflict(e)) throw e;
    }
  }
  return undefined;
}

/** The sweep: every session whose start or end has come (the exact schedules may have been missed or be late). */
export async function advanceDueSessions(p: Platform, limit = 100): Promise<number> {
  const due = await p.store.query<SessionItem>(
    SessionRecord.query("due", { now: p.clock.now().toISOString() }, { limit }),
  );
  let moved = 0;
  for (const s of due.items) {
    const after = await advanceSession(p, s.id);
    if (after && after.status !== s.status) moved++;
  }
  return moved;
}

/**
 * Records the member's join (the first one counts for lateness) and answers the room's address. The room opens
 * 15 minutes before the start and closes at the end.
 */
export async function joinSession(p: Platform, actor: Actor, sessionId: string): Promise<string> {
  const ctx = await loadSession(p, actor, sessionId);
  if (!ctx.me) throw notFound("session.not_found", "No such session.");
  const s = ctx.session;
  const now = p.clock.now();
  if (s.status === "cancelled") throw conflict("session.cancelled", "This session was cancelled.");
  if (now < new Date(new Date(s.startsAt).getTime() - EARLY_JOIN_MINUTES * MINUTE)) {
    throw conflict("session.not_open", "The room opens 15 minutes before the session.", {
      opensAt: new Date(new Date(s.startsAt).getTime() - EARLY_JOIN_MINUTES * MINUTE).toISOString(),
    });
  }
  if (s.status === "completed" || now >= new Date(s.endsAt)) throw conflict("session.over", "This session is over.");
  const ref = parseSessionId(sessionId)!;
  const key = joinKey(ref.podId, ref.number, actor.userId);
  const at = now.toISOString();
  const prior = ctx.joins.find((j) => j.userId === actor.userId);
  const item: JoinItem = {
    ...key,
    ...ownerIndex(actor.userId, `SESSION#${sessionId}#JOIN`),
    type: "SessionJoin",
    sessionId,
    userId: actor.userId,
    joinedAt: prior?.joinedAt ?? at,
    lastJoinedAt: at,
    joins: (prior?.joins ?? 0) + 1,
  };
  await p.store.put(item);
  await markActive(p, actor.userId); // business metrics: an active learner today
  return videoUrlFor(p, ctx, actor);
}

/** A member starts the session early (from 15 minutes before); the sweep would start it at its time anyway. */
export async function startSession(p: Platform, actor: Actor, sessionId: string) {
  const ctx = await loadSession(p, actor, sessionId);
  if (!ctx.me) throw notFound("session.not_found", "No such session.");
  const s = ctx.session;
  if (s.status === "active") return toSession(p, s, ctx.me.timezone);
  if (s.status !== "scheduled")
    throw conflict("session.not_scheduled", `The session is ${s.status}.`, { status: s.status });
  const now = p.clock.now();
  if (now < new Date(new Date(s.startsAt).getTime() - EARLY_JOIN_MINUTES * MINUTE)) {
    throw conflict("session.not_open", "A session can be started at most 15 minutes early.");
  }
  const next: SessionItem = { ...s, status: "active", startedAt: now.toISOString(), updatedAt: now.toISOString() };
  try {
    await p.store.put(indexedSession(next), { version: s.version ?? 0 });
  } catch (e) {
    if (isWriteConflict(e)) throw conflict("session.busy", "The session changed meanwhile; please try again.");
    throw e;
  }
  return toSession(p, next, ctx.me.timezone);
}

/** A member ends a running session: it is completed now and each member's attendance is recorded. */
export async function endSession(p: Platform, actor: Actor, sessionId: string) {
  const ctx: SessionContext = await loadSession(p, actor, sessionId);
  if (!ctx.me) throw notFound("session.not_found", "No such session.");
  const s = ctx.session;
  if (s.status !== "active") throw conflict("session.not_active", `The session is ${s.status}.`, { status: s.status });
  const now = p.clock.now().toISOString();
  // Ended early, the session ends now; ended late, at its planned end (a join after it does not count).
  const ended = { ...s, endsAt: [now, s.endsAt].sort()[0]! };
  const memberIds = ctx.roster.members.filter((m) => !m.erased).map((m) => m.userId);
  const done = attendanceOps(ended, memberIds, ctx.joins, ctx.checkIns);
  const next: SessionItem = {
    ...ended,
    status: "completed",
    endedAt: ended.endsAt,
    attendance: done.attendance,
    updatedAt: now,
  };
  try {
    await commitWithEffects(
      p,
      [
        { put: indexedSession(next), condition: { version: s.version ?? 0 } },
        ...done.ops,
        // Business metrics: the session ended completed, and its attending members are expected to check in.
        ...metricOps({ sessionsCompleted: 1, checkInsExpected: attendingOf(done.attendance) }, p.clock.now()),
      ],
      [],
    );
  } catch (e) {
    if (isWriteConflict(e)) throw conflict("session.busy", "The session changed meanwhile; please try again.");
    throw e;
  }
  return {
    session: toSession(p, next, ctx.me.timezone),
    attendance: memberIds.map((userId) => ({ userId, attendance: done.attendance[userId]! })),
  };
}

/**
 * A member's attendance over their last 20 sessions: a session counts as attended when they joined it (on time
 * or late) or checked in as having attended it.
 */
export async function attendanceScore(p: Platform, userId: string): Promise<AttendanceScore> {
  const page = await p.store.query<AttendanceItem>(
    AttendanceRecord.query("latest", { userId }, { limit: ATTENDANCE_WINDOW }),
  );
  const sessions = page.items.length;
  const attended = page.items.filter((a) => a.status !== "absent" || a.checkedIn).length;
  return { userId, sessions, attended, score: sessions === 0 ? 0 : attended / sessions };
}
