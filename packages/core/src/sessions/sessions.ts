// A pod's sessions: scheduled on activation, read by members in their own time, moved or cancelled with a reason.
import { type Actor, isPrivileged } from "../access/index.js";
import { countMetricOps } from "../analytics/metrics.js";
import { getSprintType } from "../catalog/index.js";
import { jobOf } from "../domain/index.js";
import { type NotificationData, notificationEffects } from "../notifications/index.js";
import {
  badRequest,
  commitWithEffects,
  conflict,
  type Effect,
  type Item,
  isWriteConflict,
  notFound,
  type Platform,
  parseInput,
  scheduleName,
  type TransactOp,
} from "../platform/index.js";
import { type PodRoster, podRoster, weeklySlotsOf } from "../pods/index.js";
import {
  AddSessionInput,
  CancelInput,
  CHECKIN_NUDGE_MINUTES,
  REMINDERS,
  RescheduleInput,
  type Session,
  type SessionDetails,
} from "./model.js";
import type { sessionsDomain } from "./module.js";
import {
  type CheckInItem,
  indexedSession,
  type JoinItem,
  parseSessionId,
  type SessionItem,
  SessionRecord,
  sessionIdOf,
  sessionKey,
} from "./records.js";
import { newRoomName, roomUrl } from "./rooms.js";
import { backupFor, canMake, localIso, localText, planSprint } from "./schedule.js";

const MINUTE = 60_000;
type Member = PodRoster["members"][number];

/** The one-time schedules a session keeps: reminders, its start and end, the check-in nudge. */
const SCHEDULES = ["24h", "1h", "start", "end", "nudge"] as const;
type ScheduleKind = (typeof SCHEDULES)[number];
export const sessionScheduleName = (sessionId: string, kind: ScheduleKind) => scheduleName("sess", sessionId, kind);

function scheduleAt(s: SessionItem, kind: ScheduleKind): Date {
  const start = new Date(s.startsAt).getTime();
  const end = new Date(s.endsAt).getTime();
  if (kind === "24h" || kind === "1h") return new Date(start - REMINDERS[kind] * MINUTE);
  if (kind === "start") return new Date(start);
  if (kind === "end") return new Date(end);
  return new Date(end + CHECKIN_NUDGE_MINUTES * MINUTE);
}

/**
 * The schedules of a session at its current time, as outbox effects (re-creating a name replaces it, so a
 * reschedule moves each). A reminder whose time has passed is not set. Each carries the start it was set for, so
 * a job fired for a time the session no longer has does nothing.
 */
export function sessionSchedules(s: SessionItem, now: Date): Effect[] {
  return SCHEDULES.flatMap((kind): Effect[] => {
    const at = scheduleAt(s, kind);
    const name = sessionScheduleName(s.id, kind);
    if ((kind === "24h" || kind === "1h") && at <= now) return [{ kind: "schedule.delete", name }];
    const job =
      kind === "start" || kind === "end"
        ? jobOf<typeof sessionsDomain>("sessions.advance")
        : jobOf<typeof sessionsDomain>("sessions.remind");
    const payload =
      kind === "start" || kind === "end"
        ? { sessionId: s.id }
        : { sessionId: s.id, kind: kind === "nudge" ? "checkin" : kind, startsAt: s.startsAt };
    return [{ kind: "schedule.at", name, at: at.toISOString(), target: { job, payload } }];
  });
}

const deleteSchedules = (s: SessionItem): Effect[] =>
  SCHEDULES.map((kind) => ({ kind: "schedule.delete", name: sessionScheduleName(s.id, kind) }));

const availability = (m: Member) => ({ windows: m.windows, timezone: m.windowsTimezone });

function newSession(
  p: Platform,
  roster: PodRoster,
  number: number,
  startsAt: Date,
  durationMinutes: number,
  anchor: { timezone: string; time: string },
  others: Date[],
): SessionItem {
  const now = p.clock.now().toISOString();
  const id = sessionIdOf(roster.pod.id, number);
  const members = roster.members.filter((m) => !m.erased);
  const backup = backupFor(startsAt, durationMinutes, anchor.timezone, members.map(availability), others);
  return {
    ...sessionKey(roster.pod.id, number),
    type: "Session",
    id,
    podId: roster.pod.id,
    number,
    status: "scheduled",
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + durationMinutes * MINUTE).toISOString(),
    durationMinutes,
    anchorTimezone: anchor.timezone,
    anchorTime: anchor.time,
    backupStartsAt: backup?.toISOString() ?? null,
    room: newRoomName(),
    sequence: 0,
    cancelledReason: null,
    history: [],
    // One member moderates the room: the first to have accepted, so it does not change from session to session.
    moderatorId: members[0]?.userId ?? null,
    attendance: null,
    startedAt: null,
    endedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Writes a new session with its schedules; false when a session with its id is there already. */
async function createSession(p: Platform, s: SessionItem): Promise<boolean> {
  try {
    await commitWithEffects(
      p,
      [{ put: indexedSession(s), condition: { absent: true } }],
      sessionSchedules(s, p.clock.now()),
    );
    return true;
  } catch (e) {
    if (isWriteConflict(e)) return false;
    throw e;
  }
}

/**
 * Every session of an active pod's sprint, at its weekly slots (the `pod.activated` event). Ids are the pod's id
 * and the session's number, written with conditional puts: delivering the event twice schedules nothing twice.
 */
export async function scheduleSprint(p: Platform, podId: string): Promise<number> {
  const roster = await podRoster(p, podId);
  if (roster?.pod.status !== "active" || !roster.pod.activatedAt) return 0;
  const sprint = await getSprintType(p, roster.pod.sprintType);
  const plan = planSprint(weeklySlotsOf(roster.pod), new Date(roster.pod.activatedAt), sprint);
  const starts = plan.map((s) => s.startsAt);
  let created = 0;
  for (const s of plan) {
    const others = starts.filter((d) => d !== s.startsAt);
    const item = newSession(
      p,
      roster,
      s.number,
      s.startsAt,
      s.durationMinutes,
      {
        timezone: s.slot.anchorTimezone,
        time: s.slot.anchorTime,
      },
      others,
    );
    if (await createSession(p, item)) created++;
  }
  return created;
}

/** Cancels what is still to come when an active pod ends early (the `pod.closed` event). */
export async function cancelRemaining(p: Platform, podId: string, reason: string): Promise<number> {
  const items = await p.store.queryAll<SessionItem>(SessionRecord.query("ofPod", { podId }));
  let cancelled = 0;
  for (const s of items.filter((i) => i.type === "Session" && i.status === "scheduled")) {
    const now = p.clock.now().toISOString();
    const next: SessionItem = {
      ...s,
      status: "cancelled",
      cancelledReason: reason,
      sequence: s.sequence + 1,
      history: [...s.history, { at: now, by: "system", change: "cancelled", from: s.startsAt, to: null, reason }],
      updatedAt: now,
    };
    try {
      await commitWithEffects(
        p,
        [
          { put: indexedSession(next), condition: { version: s.version ?? 0 } },
          // Business metrics: a session that ended cancelled.
          ...countMetricOps("sessionsCancelled", 1, p.clock.now()),
        ],
        deleteSchedules(s),
      );
      cancelled++;
    } catch (e) {
      if (!isWriteConflict(e)) throw e;
    }
  }
  return cancelled;
}

export interface SessionContext {
  session: SessionItem;
  roster: PodRoster;
  joins: JoinItem[];
  checkIns: CheckInItem[];
  /** The actor's membership; undefined for an admin who is not a member. */
  me: Member | undefined;
}

const NOT_FOUND = () => notFound("session.not_found", "No such session.");

/**
 * A session with its joins and check-ins (one Query) and the pod's roster, for a member of the pod or an admin;
 * anyone else gets 404 as for a missing session, like pods.
 */
export async function loadSession(p: Platform, actor: Actor, sessionId: string): Promise<SessionContext> {
  const ref = parseSessionId(sessionId);
  if (!ref) throw NOT_FOUND();
  const [items, roster] = await Promise.all([
    p.store.queryAll<Item>(SessionRecord.query("withDetails", { podId: ref.podId, number: ref.number })),
    podRoster(p, ref.podId),
  ]);
  const session = items.find((i) => i.type === "Session") as SessionItem | undefined;
  if (!session || !roster) throw NOT_FOUND();
  const me = roster.members.find((m) => m.userId === actor.userId);
  if (!me && !isPrivileged(actor)) throw NOT_FOUND();
  return {
    session,
    roster,
    me,
    joins: items.filter((i) => i.type === "SessionJoin") as JoinItem[],
    checkIns: items.filter((i) => i.type === "CheckIn") as CheckInItem[],
  };
}

export const sessionPageUrl = (p: Platform, sessionId: string) =>
  `${p.config.webUrl.replace(/\/$/, "")}/sessions/${sessionId}`;

export function toSession(p: Platform, s: SessionItem, timezone: string): Session {
  const start = new Date(s.startsAt);
  return {
    id: s.id,
    podId: s.podId,
    number: s.number,
    status: s.status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    durationMinutes: s.durationMinutes,
    anchorTimezone: s.anchorTimezone,
    local: { timezone, text: localText(start, s.durationMinutes, timezone), start: localIso(start, timezone) },
    backupStartsAt: s.backupStartsAt,
    sequence: s.sequence,
    cancelledReason: s.cancelledReason,
    joinUrl: `${p.config.apiUrl.replace(/\/$/, "")}/v1/sessions/${s.id}/join`,
  };
}

const viewerZone = (ctx: { me: Member | undefined; session: SessionItem }) =>
  ctx.me?.timezone ?? ctx.session.anchorTimezone;

/** The room's address for the viewer, with their own room token when rooms are signed. */
export async function videoUrlFor(p: Platform, ctx: SessionContext, actor: Actor): Promise<string> {
  const { session } = ctx;
  return roomUrl(
    p.config.jitsi,
    session.room,
    {
      userId: actor.userId,
      displayName: ctx.me?.displayName ?? "Pactly",
      moderator: session.moderatorId === actor.userId,
    },
    { now: p.clock.now(), endsAt: new Date(session.endsAt) },
  );
}

export async function getSession(p: Platform, actor: Actor, sessionId: string): Promise<SessionDetails> {
  const ctx = await loadSession(p, actor, sessionId);
  const { session, roster } = ctx;
  const joins = new Map(ctx.joins.map((j) => [j.userId, j]));
  const checked = new Set(ctx.checkIns.map((c) => c.userId));
  return {
    ...toSession(p, session, viewerZone(ctx)),
    videoUrl: await videoUrlFor(p, ctx, actor),
    agenda: null,
    participants: roster.members.map((m) => ({
      userId: m.userId,
      displayName: m.displayName,
      isYou: m.userId === actor.userId,
      timezone: m.timezone,
      joinedAt: joins.get(m.userId)?.joinedAt ?? null,
      attendance: session.attendance?.[m.userId] ?? null,
      checkedIn: checked.has(m.userId),
    })),
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    history: session.history,
  };
}

/** A pod's sessions in time order, in the viewer's timezone; members of the pod and admins only. */
export async function listPodSessions(p: Platform, actor: Actor, podId: string): Promise<Session[]> {
  const [items, roster] = await Promise.all([
    p.store.queryAll<Item>(SessionRecord.query("ofPod", { podId })),
    podRoster(p, podId),
  ]);
  const me = roster?.members.find((m) => m.userId === actor.userId);
  if (!roster || (!me && !isPrivileged(actor))) throw notFound("pod.not_found", "No such pod.");
  const timezone = me?.timezone ?? roster.pod.slot.anchorTimezone;
  return (items.filter((i) => i.type === "Session") as SessionItem[])
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((s) => toSession(p, s, timezone));
}

/** The sessions of every pod a learner is in, for the calendar feed and the dashboard. */
export async function sessionsOfPods(p: Platform, podIds: readonly string[]): Promise<SessionItem[]> {
  const all = await Promise.all(podIds.map((podId) => p.store.queryAll<Item>(SessionRecord.query("ofPod", { podId }))));
  return (all.flat().filter((i) => i.type === "Session") as SessionItem[]).sort((a, b) =>
    a.startsAt.localeCompare(b.startsAt),
  );
}

/**
 * Scheduled sessions starting after `from` and up to `to` (the due index holds a scheduled session under its start;
 * a running one, under its end, is left out).
 */
export async function sessionsStartingBetween(
  p: Platform,
  from: Date,
  to: Date,
): Promise<Pick<SessionItem, "id" | "podId" | "number" | "startsAt">[]> {
  const items = await p.store.queryAll<SessionItem>(
    SessionRecord.query("startingBetween", { from: from.toISOString(), to: to.toISOString() }),
  );
  return items
    .filter((s) => s.status === "scheduled" && s.startsAt > from.toISOString() && s.startsAt <= to.toISOString())
    .map((s) => ({ id: s.id, podId: s.podId, number: s.number, startsAt: s.startsAt }));
}

function assertMember(ctx: SessionContext): Member {
  if (!ctx.me) throw notFound("session.not_found", "No such session.");
  return ctx.me;
}

/**
 * Tells every member of the pod about a change of one session, through the notifications' templates (their
 * settings, their timezone, their quiet hours unless the session would start first).
 */
async function tellMembers<K extends "session_rescheduled" | "session_cancelled">(
  p: Platform,
  roster: PodRoster,
  type: K,
  data: NotificationData[K],
  session?: Pick<SessionItem, "pk" | "sk" | "sequence">,
): Promise<Effect[]> {
  // A notice held back by quiet hours is dropped if a later change to the session superseded it.
  const onlyIf = session
    ? { key: { pk: session.pk, sk: session.sk }, equals: { sequence: session.sequence } }
    : undefined;
  const out: Effect[] = [];
  for (const m of roster.members.filter((x) => !x.erased)) {
    out.push(
      ...(await notificationEffects(p, {
        userId: m.userId,
        type,
        data,
        timezoneHint: m.timezone,
        ...(onlyIf ? { onlyIf } : {}),
      })),
    );
  }
  return out;
}

/** What a notification of a session carries. */
async function noticeOf(p: Platform, roster: PodRoster, s: SessionItem) {
  const sprintName = await getSprintType(p, roster.pod.sprintType).then(
    (t) => t.name,
    () => roster.pod.sprintType,
  );
  return { sessionId: s.id, sprintName, startsAt: s.startsAt, durationMinutes: s.durationMinutes };
}

/** Saves a changed session over the version read, with its effects; a concurrent change answers 409. */
async function save(
  p: Platform,
  before: SessionItem,
  next: SessionItem,
  effects: Effect[],
  ops: TransactOp[] = [],
): Promise<SessionItem> {
  try {
    await commitWithEffects(
      p,
      [{ put: indexedSession(next), condition: { version: before.version ?? 0 } }, ...ops],
      effects,
    );
  } catch (e) {
    if (isWriteConflict(e)) throw conflict("session.busy", "The session changed meanwhile; please try again.");
    throw e;
  }
  return { ...next, version: (before.version ?? 0) + 1 };
}

function assertScheduled(s: SessionItem): void {
  if (s.status !== "scheduled") {
    throw conflict("session.not_scheduled", `The session is ${s.status}.`, { status: s.status });
  }
}

/** A member cancels a session that has not started, with a reason; every member is told. */
export async function cancelSession(p: Platform, actor: Actor, sessionId: string, input: unknown): Promise<Session> {
  const { reason } = parseInput(CancelInput, input, "cancellation");
  const ctx = await loadSession(p, actor, sessionId);
  const me = assertMember(ctx);
  const s = ctx.session;
  assertScheduled(s);
  const now = p.clock.now().toISOString();
  const next: SessionItem = {
    ...s,
    status: "cancelled",
    cancelledReason: reason,
    sequence: s.sequence + 1,
    history: [...s.history, { at: now, by: me.displayName, change: "cancelled", from: s.startsAt, to: null, reason }],
    updatedAt: now,
  };
  const mails = await tellMembers(
    p,
    ctx.roster,
    "session_cancelled",
    { ...(await noticeOf(p, ctx.roster, s)), reason },
    next,
  );
  // Business metrics: a session that ended cancelled.
  const saved = await save(
    p,
    s,
    next,
    [...deleteSchedules(s), ...mails],
    countMetricOps("sessionsCancelled", 1, p.clock.now()),
  );
  return toSession(p, saved, me.timezone);
}

/**
 * A member moves a session that has not started: to its backup time, or to another time every member can make
 * (read in each one's own timezone) that meets no other session of the pod. Schedules move with it; everyone is
 * told; the calendar's SEQUENCE goes up.
 */
export async function rescheduleSession(
  p: Platform,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<Session> {
  const parsed = parseInput(RescheduleInput, input, "reschedule");
  const ctx = await loadSession(p, actor, sessionId);
  const me = assertMember(ctx);
  const s = ctx.session;
  assertScheduled(s);
  const nowDate = p.clock.now();
  let target: Date;
  if (parsed.to === "backup") {
    if (!s.backupStartsAt)
      throw conflict("session.no_backup", "This session has no backup time every member can make.");
    target = new Date(s.backupStartsAt);
  } else target = new Date(parsed.startsAt!);
  if (target <= nowDate) throw badRequest("session.in_past", "A session can only move to a time still to come.");
  if (target.getTime() === new Date(s.startsAt).getTime()) {
    throw badRequest("session.same_time", "The session is already at that time.");
  }
  const cannot = ctx.roster.members.filter((m) => !m.erased && !canMake(availability(m), target, s.durationMinutes));
  if (cannot.length > 0) {
    throw conflict("session.time_unavailable", "Not every member can make that time.", {
      members: cannot.map((m) => m.displayName),
    });
  }
  const pod = await p.store.queryAll<SessionItem>(SessionRecord.query("ofPod", { podId: s.podId }));
  const others = pod.filter((o) => o.type === "Session" && o.id !== s.id && o.status !== "cancelled");
  const clash = others.find(
    (o) =>
      Math.abs(new Date(o.startsAt).getTime() - target.getTime()) <
      Math.max(o.durationMinutes, s.durationMinutes) * MINUTE,
  );
  if (clash) throw conflict("session.clash", "That time meets another session of the pod.", { sessionId: clash.id });
  const now = nowDate.toISOString();
  const startsAt = target.toISOString();
  const backup = backupFor(
    target,
    s.durationMinutes,
    s.anchorTimezone,
    ctx.roster.members.filter((m) => !m.erased).map(availability),
    others.map((o) => new Date(o.startsAt)),
  );
  const next: SessionItem = {
    ...s,
    startsAt,
    endsAt: new Date(target.getTime() + s.durationMinutes * MINUTE).toISOString(),
    backupStartsAt: backup?.toISOString() ?? null,
    sequence: s.sequence + 1,
    history: [
      ...s.history,
      { at: now, by: me.displayName, change: "rescheduled", from: s.startsAt, to: startsAt, reason: parsed.reason },
    ],
    updatedAt: now,
  };
  const mails = await tellMembers(
    p,
    ctx.roster,
    "session_rescheduled",
    { ...(await noticeOf(p, ctx.roster, next)), previousStartsAt: s.startsAt, reason: parsed.reason ?? null },
    next,
  );
  const saved = await save(p, s, next, [...sessionSchedules(next, nowDate), ...mails]);
  return toSession(p, saved, me.timezone);
}

/** A member adds a session to an active pod, at a time every member can make. */
export async function addSession(p: Platform, actor: Actor, podId: string, input: unknown): Promise<Session> {
  const parsed = parseInput(AddSessionInput, input, "session");
  const roster = await podRoster(p, podId);
  const me = roster?.members.find((m) => m.userId === actor.userId);
  if (!roster || !me) throw notFound("pod.not_found", "No such pod.");
  if (roster.pod.status !== "active") {
    throw conflict("pod.not_active", `The pod is ${roster.pod.status}.`, { status: roster.pod.status });
  }
  const start = new Date(parsed.startsAt);
  const slot = weeklySlotsOf(roster.pod)[0]!;
  const minutes = parsed.durationMinutes ?? slot.durationMinutes;
  if (start <= p.clock.now())
    throw badRequest("session.in_past", "A session can only be added for a time still to come.");
  const cannot = roster.members.filter((m) => !m.erased && !canMake(availability(m), start, minutes));
  if (cannot.length > 0) {
    throw conflict("session.time_unavailable", "Not every member can make that time.", {
      members: cannot.map((m) => m.displayName),
    });
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const existing = (await p.store.queryAll<SessionItem>(SessionRecord.query("ofPod", { podId }))).filter(
      (i) => i.type === "Session",
    );
    const clash = existing.find(
      (o) => o.status !== "cancelled" && Math.abs(new Date(o.startsAt).getTime() - start.getTime()) < minutes * MINUTE,
    );
    if (clash) throw conflict("session.clash", "That time meets another session of the pod.", { sessionId: clash.id });
    const number = Math.max(0, ...existing.map((e) => e.number)) + 1;
    const item = newSession(
      p,
      roster,
      number,
      start,
      minutes,
      { timezone: slot.anchorTimezone, time: localIso(start, slot.anchorTimezone).slice(11) },
      existing.map((e) => new Date(e.startsAt)),
    );
    if (await createSession(p, item)) return toSession(p, item, me.timezone);
  }
  throw conflict("session.busy", "The pod's sessions changed meanwhile; please try again.");
}
