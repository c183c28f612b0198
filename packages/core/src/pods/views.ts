// What a learner sees of their pods: members, scores, the meeting time in their timezone and why the pod fits.
import { type Actor, isPrivileged } from "../access/index.js";
import {
  type CommonSlot,
  compatibility,
  describeSlot,
  describeSlots,
  explainCompatibility,
  groupCompatibility,
} from "../matching/index.js";
import { type Item, notFound, type Page, type Platform } from "../platform/index.js";
import { type PodSummary, type PodView, SEATED } from "./model.js";
import { type PodSummaryItem, PodSummary as PodSummaryRecord, viewerTimezone, weeklySlotsOf } from "./records.js";
import { loadPod, seatedOf } from "./state.js";
import { displayNames } from "./summaries.js";

/**
 * One pod for a member of it (invited or accepted) or an admin; anyone else gets 404 as for a missing pod.
 * Times are shown in the viewer's timezone (an admin sees the pod's home timezone). One Query: the roster's names
 * are kept on the memberships.
 */
export async function getPod(p: Platform, actor: Actor, podId: string): Promise<PodView> {
  const state = await loadPod(p, podId);
  const mine = state?.members.find((m) => m.userId === actor.userId && SEATED.includes(m.status));
  if (!state || (!mine && !isPrivileged(actor))) throw notFound("pod.not_found", "No such pod.");
  const { pod } = state;
  const seated = seatedOf(state);
  const names = await displayNames(p, seated);
  // The viewer's timezone as it is now: kept on their membership when they change it (see account-copies.ts).
  const timezone = mine ? viewerTimezone(mine) : pod.slot.anchorTimezone;
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
  const slots = weeklySlotsOf(pod);
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
      timezone: viewerTimezone(m),
      experienceLevel: m.snapshot.experienceLevel,
      collaborationStyle: m.snapshot.collaborationStyle,
      invitedUntil: m.status === "invited" ? m.invitedUntil : null,
    })),
    score: group ? groupCompatibility(snapshots) : null,
    pairwise,
    slot: pod.slot,
    slots,
    meetingTime: describeSlots(slots, timezone, now),
    meetingTimes: slots.map((s) => describeSlot(s, timezone, now)),
    timezone,
    explanation: group
      ? explainCompatibility({ members: snapshots, slot: pod.slot, slots, viewerTimezone: timezone, at: now })
      : null,
    createdAt: pod.createdAt,
    activatedAt: pod.activatedAt,
    endsAt: pod.endsAt,
    endedAt: pod.endedAt,
  };
}

const toPodSummary = (s: PodSummaryItem, now: Date): PodSummary => ({
  id: s.podId,
  sprintType: s.sprintType,
  status: s.status,
  myStatus: s.myStatus,
  members: s.members,
  meetingTime: describeSlots(weeklySlotsOf(s), s.timezone, now),
  timezone: s.timezone,
  invitedUntil: s.invitedUntil,
  createdAt: s.createdAt,
  endsAt: s.endsAt,
});

/**
 * The actor's pods (invitations, current and past), newest first: one Query on their own partition, where each pod
 * they hold a place in keeps a summary beside their other records.
 */
export async function listMyPods(
  p: Platform,
  actor: Actor,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Page<PodSummary>> {
  const out = await p.store.query<PodSummaryItem>(
    PodSummaryRecord.query(
      "ofUser",
      { userId: actor.userId },
      { limit: page.limit ?? 20, cursor: page.cursor ?? null },
    ),
  );
  const now = p.clock.now();
  return { items: out.items.map((s) => toPodSummary(s, now)), nextCursor: out.nextCursor };
}

/**
 * The dashboard's pods: the forming and active pods among the summaries in the learner's partition, which the
 * dashboard has already read (so this costs no request), newest first.
 */
export function podsDashboardSection(p: Platform, _userId: string, partition: readonly Item[]) {
  const now = p.clock.now();
  return partition
    .filter((i): i is PodSummaryItem => i.type === "PodSummary")
    .filter((s) => s.status === "forming" || s.status === "active")
    .sort((a, b) => (a.sk < b.sk ? 1 : -1))
    .map((s) => ({
      id: s.podId,
      name: `${s.sprintName} pod`,
      status: s.status,
      meetingTime: describeSlots(weeklySlotsOf(s), s.timezone, now),
      myStatus: s.myStatus,
    }));
}

/** A pod a learner has accepted a place in, by sprint type: what their goal for that sprint shows. */
export interface AcceptedPod {
  podId: string;
  status: "forming" | "active";
  slots: CommonSlot[];
  /** When an active pod's sprint ends (null while forming). */
  endsAt: string | null;
}

/**
 * The forming or active pod the learner has accepted a place in, per sprint type (the newest if several): one
 * Query on the summaries in their partition.
 */
export async function acceptedPods(p: Platform, userId: string): Promise<Map<string, AcceptedPod>> {
  const summaries = await p.store.queryAll<PodSummaryItem>(PodSummaryRecord.query("ofUser", { userId }));
  const out = new Map<string, AcceptedPod>();
  for (const s of summaries) {
    if (s.myStatus !== "accepted" || (s.status !== "forming" && s.status !== "active") || out.has(s.sprintType))
      continue;
    out.set(s.sprintType, { podId: s.podId, status: s.status, slots: weeklySlotsOf(s), endsAt: s.endsAt });
  }
  return out;
}

/** The weekly summary's pods part: each forming or active pod with its meeting time in the learner's timezone. */
export async function podsWeeklySummary(p: Platform, userId: string, ctx: { timezone: string; now: Date }) {
  const summaries = await p.store.queryAll<PodSummaryItem>(PodSummaryRecord.query("ofUser", { userId }));
  const lines = summaries
    .filter((s) => s.status === "forming" || s.status === "active")
    .map((s) => {
      const when = describeSlots(weeklySlotsOf(s), ctx.timezone, ctx.now);
      if (s.status === "active") return `${s.sprintName}: your pod of ${s.members} meets ${when}.`;
      return s.myStatus === "invited"
        ? `${s.sprintName}: a pod is waiting for your answer (it would meet ${when}).`
        : `${s.sprintName}: your pod is waiting for the others to answer (it would meet ${when}).`;
    });
  return lines.length > 0 ? { title: "Your pods", lines } : undefined;
}
