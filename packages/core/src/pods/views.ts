// What a learner sees of their pods: members, scores, the meeting time in their timezone and why the pod fits.
import { type Actor, isPrivileged } from "../access/index.js";
import { preferencesOf, userPk } from "../accounts/index.js";
import { compatibility, describeSlot, explainCompatibility, groupCompatibility } from "../matching/index.js";
import { notFound, type Page, type Platform } from "../platform/index.js";
import { type PodSummary, type PodView, SEATED } from "./model.js";
import { displayNames } from "./notify.js";
import { type MemberItem, type PodItem, podKey } from "./records.js";
import { loadPod, seatedOf } from "./state.js";

/**
 * The learner's timezone as it is now: the one in their saved preferences (it may have changed since they joined a
 * waitlist), else the one they joined with.
 */
async function currentTimezone<T extends string | null>(
  p: Platform,
  userId: string,
  joinedWith: T,
): Promise<string | T> {
  const prefs = await preferencesOf(p, userId);
  return prefs.updatedAt ? prefs.timezone : joinedWith;
}

/**
 * One pod for a member of it (invited or accepted) or an admin; anyone else gets 404 as for a missing pod.
 * Times are shown in the viewer's timezone (an admin sees the pod's home timezone).
 */
export async function getPod(p: Platform, actor: Actor, podId: string): Promise<PodView> {
  const state = await loadPod(p, podId);
  const mine = state?.members.find((m) => m.userId === actor.userId && SEATED.includes(m.status));
  if (!state || (!mine && !isPrivileged(actor))) throw notFound("pod.not_found", "No such pod.");
  const { pod } = state;
  const seated = seatedOf(state);
  const names = await displayNames(p, seated);
  const timezone = mine ? await currentTimezone(p, actor.userId, mine.snapshot.timezone) : pod.slot.anchorTimezone;
  const now = p.clock.now();
  // An erased member keeps a place on the roster but has no signals left to score.
  const snapshots = seated.filter((m) => !m.erased).map((m) => m.snapshot);
  const pairwise = [];
  for (let i = 0; i < snapshots.length; i++) {
    for (let j = i + 1; j < snapshots.length; j++) {
      pairwise.push({
        a: snapshots[i]!.userId,
        b: snapshots[j]!.userId,
        score: compatibility(snapshots[i]!, snapshots[j]!),
      });
    }
  }
  const group = snapshots.length > 1;
  return {
    id: pod.id,
    sprintType: pod.sprintType,
    status: pod.status,
    myStatus: mine?.status ?? null,
    podSize: pod.podSize,
    members: seated.map((m) => ({
      userId: m.userId,
      displayName: names.get(m.userId) ?? "Member",
      status: m.status,
      isYou: m.userId === actor.userId,
      timezone: m.userId === actor.userId ? timezone : m.snapshot.timezone,
      experienceLevel: m.snapshot.experienceLevel,
      collaborationStyle: m.snapshot.collaborationStyle,
      invitedUntil: m.status === "invited" ? m.invitedUntil : null,
    })),
    score: group ? groupCompatibility(snapshots) : null,
    pairwise,
    slot: pod.slot,
    meetingTime: describeSlot(pod.slot, timezone, now),
    timezone,
    explanation: group
      ? explainCompatibility({ members: snapshots, slot: pod.slot, viewerTimezone: timezone, at: now })
      : null,
    createdAt: pod.createdAt,
    activatedAt: pod.activatedAt,
    endsAt: pod.endsAt,
    endedAt: pod.endedAt,
  };
}

/**
 * The actor's pods (invitations, current and past), newest first: one Query on the owner index for their
 * memberships, one batch read for the pods.
 */
export async function listMyPods(
  p: Platform,
  actor: Actor,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Page<PodSummary>> {
  const memberships = await p.store.query<MemberItem>({
    index: "gsi2",
    pk: userPk(actor.userId),
    sk: { beginsWith: "POD#" },
    reverse: true,
    limit: page.limit ?? 20,
    cursor: page.cursor ?? null,
  });
  const mine = memberships.items.filter((m) => SEATED.includes(m.status));
  const pods = new Map(
    (await p.store.getMany<PodItem>(mine.map((m) => podKey(m.podId)))).map((pod) => [pod.id, pod] as const),
  );
  const now = p.clock.now();
  const saved = mine.length > 0 ? await currentTimezone(p, actor.userId, null) : null;
  const items = mine.flatMap((m): PodSummary[] => {
    const timezone = saved ?? m.snapshot.timezone;
    const pod = pods.get(m.podId);
    if (!pod) return [];
    return [
      {
        id: pod.id,
        sprintType: pod.sprintType,
        status: pod.status,
        myStatus: m.status,
        members: pod.seated,
        meetingTime: describeSlot(pod.slot, timezone, now),
        timezone,
        invitedUntil: m.status === "invited" ? m.invitedUntil : null,
        createdAt: pod.createdAt,
        endsAt: pod.endsAt,
      },
    ];
  });
  return { items, nextCursor: memberships.nextCursor };
}
