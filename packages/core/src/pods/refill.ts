// Keeping pods full: backfill a free place from the waitlist, or merge a pod that shrank into a compatible one.
import {
  type CommonSlot,
  groupCompatibility,
  type MatchingSignals,
  MINUTES_PER_WEEK,
  snapshotSignals,
  WeekClock,
} from "../matching/index.js";
import type { Platform, TransactOp } from "../platform/index.js";
import { BACKFILL_SCAN_LIMIT, INVITATION_HOURS } from "./model.js";
import {
  indexedPod,
  type MemberItem,
  memberKey,
  memberOwnerIndex,
  Pod,
  type PodItem,
  type SeatItem,
  seatKey,
  suggestionsKey,
  weeklySlotsOf,
} from "./records.js";
import { type Change, loadPod, type PodState, recount, seatedOf } from "./state.js";
import { sprintNameOf, summaryOps } from "./summaries.js";
import { readWaitlist } from "./waitlist.js";

/** Whether weekly availability (UTC minute intervals of the slot's reference week) holds the whole session. */
export function coversSlot(availability: readonly (readonly [number, number])[], slot: CommonSlot): boolean {
  const start = slot.utcMinuteOfWeek;
  const end = start + slot.durationMinutes;
  const parts: [number, number][] =
    end <= MINUTES_PER_WEEK
      ? [[start, end]]
      : [
          [start, MINUTES_PER_WEEK],
          [0, end - MINUTES_PER_WEEK],
        ];
  return parts.every(([s, e]) => availability.some(([a, b]) => a <= s && e <= b));
}

const invitationDeadline = (now: Date) => new Date(now.getTime() + INVITATION_HOURS * 3_600_000).toISOString();

/** A membership for a learner joining `pod`; `status` and deadline carried over when they come from a merged pod. */
export function newMember(
  pod: PodItem,
  seatSignals: SeatItem["signals"],
  snapshot: MatchingSignals,
  now: Date,
  via: MemberItem["via"],
  carried?: Pick<MemberItem, "status" | "invitedUntil" | "respondedAt" | "invitedAt">,
): MemberItem {
  return {
    ...memberKey(pod.id, snapshot.userId),
    type: "PodMember",
    podId: pod.id,
    userId: snapshot.userId,
    status: carried?.status ?? "invited",
    signals: seatSignals,
    snapshot,
    via,
    invitedAt: carried?.invitedAt ?? now.toISOString(),
    invitedUntil: carried ? carried.invitedUntil : invitationDeadline(now),
    respondedAt: carried?.respondedAt ?? null,
    reason: null,
    note: null,
    ...memberOwnerIndex(snapshot.userId, pod.createdAt, pod.id),
  };
}

/** Writes that move a waitlisted seat into a pod: conditioned on the entry read, so a stale read cannot place anyone. */
export function placeSeatOps(seat: SeatItem, podId: string): TransactOp[] {
  return [
    {
      update: seatKey(seat.userId, seat.sprintType),
      changes: { set: { status: "pod", podId, waitReason: null }, remove: ["gsi1pk", "gsi1sk"] },
      condition: { equals: { status: "waitlisted", entryId: seat.entryId } },
    },
    { delete: suggestionsKey(seat.userId, seat.sprintType) },
  ];
}

/**
 * Invites up to `count` learners from the waitlist into the pod: those whose availability still holds every one of
 * the pod's slots, best compatibility with the members first. Returns the new members (already added to the state).
 */
export async function backfill(p: Platform, state: PodState, change: Change, count: number): Promise<MemberItem[]> {
  const { pod } = state;
  if (count <= 0) return [];
  const seated = seatedOf(state);
  const known = new Set(state.members.map((m) => m.userId));
  const week = pod.slot.referenceWeek;
  const clock = new WeekClock(week);
  const candidates: { seat: SeatItem; snapshot: MatchingSignals; score: number }[] = [];
  for (const seat of await readWaitlist(p, pod.sprintType, pod.language, BACKFILL_SCAN_LIMIT)) {
    if (known.has(seat.userId)) continue;
    let snapshot: MatchingSignals;
    try {
      snapshot = snapshotSignals(seat.signals, week, clock);
    } catch {
      continue;
    }
    if (!weeklySlotsOf(pod).every((slot) => coversSlot(snapshot.availability, slot))) continue;
    const score = seated.length > 0 ? groupCompatibility([...seated.map((m) => m.snapshot), snapshot]).overall : 0;
    candidates.push({ seat, snapshot, score });
  }
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      (a.seat.gsi1sk ?? "").localeCompare(b.seat.gsi1sk ?? "") ||
      a.seat.userId.localeCompare(b.seat.userId),
  );
  const invited: MemberItem[] = [];
  for (const c of candidates) {
    if (invited.length === count) break;
    // The waitlist index lags the table: confirm the seat is still waiting before offering the place.
    const fresh = await p.store.get<SeatItem>(seatKey(c.seat.userId, pod.sprintType), { consistent: true });
    if (fresh?.status !== "waitlisted" || fresh.entryId !== c.seat.entryId) continue;
    const member = newMember(pod, fresh.signals, c.snapshot, change.now, "backfill");
    state.members.push(member);
    change.touched.add(member);
    change.ops.push(...placeSeatOps(fresh, pod.id));
    invited.push(member);
  }
  return invited;
}

/** Pods a shrunken pod can move into: the same sprint type and language, with room for all its members. */
const MERGE_CANDIDATES = 25;

/**
 * Moves every seated member of `state`'s pod into the most compatible open pod whose slots they can all make and
 * that has room for them. The emptied pod ends as `disbanded` with `mergedInto`. Returns the pod merged into.
 */
export async function mergeIntoAnother(p: Platform, state: PodState, change: Change): Promise<PodItem | undefined> {
  const { pod } = state;
  const movers = seatedOf(state);
  if (movers.length === 0) return undefined;
  const { items } = await p.store.query<PodItem>(
    Pod.query("open", { sprintType: pod.sprintType, language: pod.language }, { limit: MERGE_CANDIDATES }),
  );
  let best: { target: PodState; snapshots: MatchingSignals[]; score: number } | undefined;
  for (const candidate of items) {
    if (candidate.id === pod.id || candidate.seated + movers.length > candidate.podSize.max) continue;
    const target = await loadPod(p, candidate.id);
    if (!target || (target.pod.status !== "forming" && target.pod.status !== "active")) continue;
    if (seatedOf(target).length + movers.length > target.pod.podSize.max) continue;
    const week = target.pod.slot.referenceWeek;
    const clock = new WeekClock(week);
    const snapshots: MatchingSignals[] = [];
    for (const m of movers) {
      const s = snapshotSignals(m.signals, week, clock);
      if (!weeklySlotsOf(target.pod).every((slot) => coversSlot(s.availability, slot))) break;
      snapshots.push(s);
    }
    if (snapshots.length < movers.length) continue;
    const all = [...seatedOf(target).map((m) => m.snapshot), ...snapshots];
    const score = all.length > 1 ? groupCompatibility(all).overall : 0;
    if (!best || score > best.score) best = { target, snapshots, score };
  }
  if (!best) return undefined;

  const { target, snapshots } = best;
  const targetVersion = target.pod.version ?? 0;
  const arrivals = movers.map((m, i) =>
    newMember(target.pod, m.signals, snapshots[i]!, change.now, "merge", {
      status: m.status,
      invitedUntil: m.invitedUntil,
      respondedAt: m.respondedAt,
      invitedAt: m.invitedAt,
    }),
  );
  // A learner who once declined the target pod gets a fresh membership there.
  target.members = [...target.members.filter((m) => !arrivals.some((a) => a.userId === m.userId)), ...arrivals];
  recount(target);
  for (const m of movers) {
    m.status = "moved";
    change.touched.add(m);
  }
  pod.status = "disbanded";
  pod.endedAt = change.now.toISOString();
  pod.endReason = "merged";
  pod.mergedInto = target.pod.id;
  change.dirty = true;
  change.ops.push(
    { put: indexedPod({ ...target.pod, version: targetVersion }), condition: { version: targetVersion } },
    ...arrivals.map((a): TransactOp => ({ put: a })),
    ...movers.map(
      (m): TransactOp => ({
        update: seatKey(m.userId, pod.sprintType),
        changes: { set: { podId: target.pod.id } },
        condition: { equals: { status: "pod", podId: pod.id } },
      }),
    ),
    // Everyone seated in the target now counts one more pod-mate; the movers get their new pod.
    ...summaryOps(target.pod, target.members, await sprintNameOf(p, target.pod.sprintType)),
  );
  return target.pod;
}
