// The session a coach request is about, who may make it, and the SessionContext an agenda is generated from:
// the sprint, the session's place in it, earlier notes and open action items, and each member's goal, weakest tags
// and complex moments from the tutor.
import { type Actor, isPrivileged, systemActor } from "../access/index.js";
import { getSprintType } from "../catalog/index.js";
import { listGoals } from "../goals/index.js";
import { forbidden, type Item, type Key, notFound, type Platform } from "../platform/index.js";
import { isAcceptedSeat, type PodRoster, podMembership, podRoster, seatKey } from "../pods/index.js";
import { listPodSessions, type Session } from "../sessions/index.js";
import { complexMomentsSince, masteryVectors } from "../tutor/index.js";
import type { CoachVersionSummary, MemberFocus, SessionContext } from "./model.js";
import {
  type CoachHeadItem,
  type CoachVersionItem,
  CoachVersionRecord,
  HEAD_HISTORY,
  headKey,
  summaryOf,
} from "./records.js";

export interface CoachSession {
  session: Session;
  /** The pod's sessions in time order. */
  sessions: Session[];
  roster: PodRoster;
  /** The actor's seat; undefined for an admin or the system. */
  me: PodRoster["members"][number] | undefined;
}

const NOT_FOUND = () => notFound("session.not_found", "No such session.");
const podOf = (sessionId: string) => /^([0-9A-Za-z]{1,40})-\d{3}$/.exec(sessionId)?.[1];

/**
 * The session and its pod for one of its members (or an admin). A session that does not exist is 404; one that
 * exists but is not the actor's pod's is 403: coach documents hold what members said, only members read them.
 */
export async function loadCoachSession(p: Platform, actor: Actor, sessionId: string): Promise<CoachSession> {
  const podId = podOf(sessionId);
  if (!podId) throw NOT_FOUND();
  const roster = await podRoster(p, podId);
  if (!roster) throw NOT_FOUND();
  const sessions = await listPodSessions(p, systemActor, podId);
  const session = sessions.find((s) => s.id === sessionId);
  if (!session) throw NOT_FOUND();
  const me = roster.members.find((m) => m.userId === actor.userId && !m.erased);
  if (!me && !isPrivileged(actor)) throw forbidden("coach.not_member", "Only the pod's members can use its coach.");
  return { session, sessions, roster, me };
}

/**
 * For reading a session's document: one read of the pod, not its roster and sessions (`loadCoachSession`), so a read
 * route runs it beside its own read. 403 for a non-member; 404 for no such pod.
 */
export async function requireCoachReader(p: Platform, actor: Actor, sessionId: string): Promise<void> {
  const podId = podOf(sessionId);
  if (!podId) throw NOT_FOUND();
  const membership = await podMembership(p, podId, actor.userId);
  if (!membership) throw NOT_FOUND();
  if (!membership.accepted.includes(actor.userId) && !isPrivileged(actor))
    throw forbidden("coach.not_member", "Only the pod's members can use its coach.");
}

/** On a read that found nothing: 404 `session.not_found` when the session itself does not exist. */
export async function requireSessionExists(p: Platform, sessionId: string): Promise<void> {
  const podId = podOf(sessionId);
  const sessions = podId ? await listPodSessions(p, systemActor, podId) : [];
  if (!sessions.some((s) => s.id === sessionId)) throw NOT_FOUND();
}

/** The latest version of a session's document and the newest versions' summaries (newest first). */
export interface CoachHead {
  latest: CoachVersionItem;
  recent: CoachVersionSummary[];
  /** The stored head's own version (the store's optimistic lock); undefined when built from the history. */
  stored?: number | undefined;
}

/** From the history itself: for a session whose versions were written before heads were kept. */
export async function headFromHistory(p: Platform, sessionId: string): Promise<CoachHead | undefined> {
  const page = await p.store.query<CoachVersionItem>(
    CoachVersionRecord.query("history", { sessionId }, { limit: HEAD_HISTORY }),
  );
  const [latest] = page.items;
  return latest ? { latest, recent: page.items.map(summaryOf) } : undefined;
}

/** A session's head (one GetItem), or undefined before its first version. */
export async function loadHead(p: Platform, sessionId: string): Promise<CoachHead | undefined> {
  const item = await p.store.get<CoachHeadItem>(headKey(sessionId), { consistent: true });
  return item ? { latest: item.latest, recent: item.recent, stored: item.version } : headFromHistory(p, sessionId);
}

/** The latest version of a session's document, or undefined. */
export async function latestVersion(p: Platform, sessionId: string): Promise<CoachVersionItem | undefined> {
  return (await loadHead(p, sessionId))?.latest;
}

/**
 * The item at `key` of a session's coach partition, read with the reader's check in the same request: the actor's
 * seat in the pod and the item in one BatchGetItem. An accepted member (or an admin) gets the item; anyone else the
 * 403 or 404 of `requireCoachReader`, which reads the pod on that path only.
 */
export async function readAsCoachReader<T extends Item>(
  p: Platform,
  actor: Actor,
  sessionId: string,
  key: Key,
): Promise<T | undefined> {
  const podId = podOf(sessionId);
  if (!podId) throw NOT_FOUND();
  const items = await p.store.getMany<Item>([seatKey(podId, actor.userId), key], { consistent: true });
  if (!isAcceptedSeat(items.find((i) => i.type === "PodMember")) && !isPrivileged(actor)) {
    await requireCoachReader(p, actor, sessionId);
  }
  return items.find((i) => i.pk === key.pk && i.sk === key.sk) as T | undefined;
}

const WEAKEST = 3;
const MOMENTS = 3;
/** Earlier sessions whose notes an agenda reads. */
const PREVIOUS_NOTES = 3;

async function memberFocus(
  p: Platform,
  m: PodRoster["members"][number],
  sprintType: string,
  track: string,
  since: string,
): Promise<MemberFocus> {
  const [goals, vectors, moments] = await Promise.all([
    listGoals(p, { userId: m.userId, role: "learner" }, { limit: 20 }),
    masteryVectors(p, m.userId),
    complexMomentsSince(p, m.userId, since, MOMENTS),
  ]);
  const goal =
    goals.items.find((g) => g.sprintType === sprintType && g.status === "active") ??
    goals.items.find((g) => g.sprintType === sprintType);
  const tags = (vectors.find((v) => v.track === track)?.tags ?? [])
    .filter((t) => t.attempts > 0)
    .sort((a, b) => a.mastery - b.mastery || a.tag.localeCompare(b.tag))
    .slice(0, WEAKEST)
    .map((t) => ({ tag: t.tag, mastery: Math.round(t.mastery * 1000) / 1000 }));
  return {
    userId: m.userId,
    displayName: m.displayName,
    goal: goal?.title ?? null,
    weakestTags: tags,
    complexMoments: moments
      .filter((c) => c.track === track)
      .map((c) => ({ questionTitle: c.questionTitle, reason: c.reason, at: c.at })),
  };
}

/** Everything an agenda (or notes) is generated from, read at generation time. */
export async function sessionContext(
  p: Platform,
  cs: CoachSession,
  options: { timeAllocation?: number } = {},
): Promise<SessionContext> {
  const { session, sessions, roster } = cs;
  const sprint = await getSprintType(p, roster.pod.sprintType).catch(() => undefined);
  const track = sprint?.contentTrack ?? roster.pod.sprintType;
  const index = sessions.findIndex((s) => s.id === session.id);
  const earlier = sessions.slice(0, index).filter((s) => s.status !== "cancelled");
  const next = sessions.slice(index + 1).find((s) => s.status === "scheduled");
  const docs = await Promise.all(earlier.slice(-PREVIOUS_NOTES).map((s) => latestVersion(p, s.id)));
  const previousNotes = docs.flatMap((d, i) =>
    d?.notes.summary
      ? [
          {
            sessionNumber: earlier.slice(-PREVIOUS_NOTES)[i]!.number,
            summary: d.notes.summary,
            decisions: d.notes.decisions,
          },
        ]
      : [],
  );
  const lastDoc = [...docs].reverse().find((d) => d && d.actionItems.length > 0);
  // The tutor's moments since the previous session (or the sprint's start) are what this session can help with.
  const since = earlier[earlier.length - 1]?.startsAt ?? roster.pod.activatedAt ?? "1970-01-01T00:00:00.000Z";
  const members = await Promise.all(
    roster.members.filter((m) => !m.erased).map((m) => memberFocus(p, m, roster.pod.sprintType, track, since)),
  );
  return {
    sessionId: session.id,
    sprintType: {
      id: roster.pod.sprintType,
      name: sprint?.name ?? roster.pod.sprintType,
      proofMethod: (sprint?.proofMethods ?? ["note"]).map((m) => m.replace(/_/g, " ")).join(" or "),
      track,
    },
    sessionNumber: session.number,
    sessionsTotal: sessions.filter((s) => s.status !== "cancelled").length || null,
    startsAt: session.startsAt,
    timeAllocation: options.timeAllocation ?? session.durationMinutes,
    previousNotes,
    openActionItems: (lastDoc?.actionItems ?? []).filter((a) => !a.done),
    members,
    nextSessionDate: next ? next.startsAt.slice(0, 10) : null,
  };
}
