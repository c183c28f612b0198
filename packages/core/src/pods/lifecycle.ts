// A pod's life: forming → active once enough members accept → completed at the sprint's end, or disbanded.
import { type Actor, requireRole } from "../access/index.js";
import { getSprintType } from "../catalog/index.js";
import { conflict, eventEffect, notFound, type Platform, parseInput } from "../platform/index.js";
import { type PodAnswer, RematchInput, SEATED, type WaitlistEntry } from "./model.js";
import { podEmails } from "./notify.js";
import { type MemberItem, type PodItem, type SeatItem, seatKey, waitlistIndex } from "./records.js";
import { backfill, mergeIntoAnother } from "./refill.js";
import {
  acceptedOf,
  type Change,
  changePod,
  type PodState,
  pendingOf,
  reviewSchedule,
  reviewTarget,
  seatedOf,
} from "./state.js";
import { refreshSuggestionsOnJoin } from "./suggestions.js";
import { toEntry, waitlistedSeat } from "./waitlist.js";

const WEEK_MS = 7 * 86_400_000;

/** The event a pod's activation commits; its payload is `{ podId, activatedAt }`. */
export const POD_ACTIVATED = "pod.activated";
/**
 * The event a pod's end commits (completed, disbanded, or merged into another); its payload is
 * `{ podId, status, activated }`, `activated` false for a pod that never started.
 */
export const POD_CLOSED = "pod.closed";
/** Accepted members who left a pod (a rematch); payload `{ podId, userId, podStatus }`, the pod's status then. */
export const POD_MEMBER_LEFT = "pod.member_left";
/** Members carried into another pod by a merge; payload `{ fromPodId, toPodId, userIds }`. */
export const POD_MEMBERS_MOVED = "pod.members_moved";

const isOpen = (pod: PodItem) => pod.status === "forming" || pod.status === "active";

function touch(change: Change, member: MemberItem, patch: Partial<MemberItem>): void {
  Object.assign(member, patch);
  change.touched.add(member);
}

/** Gives a member's seat back: they hold no place for this sprint type any more and may join again. */
function releaseSeat(change: Change, pod: PodItem, member: MemberItem): void {
  change.ops.push({
    delete: seatKey(member.userId, pod.sprintType),
    condition: { equals: { status: "pod", podId: pod.id } },
  });
}

/** Puts a member back on the waitlist, ahead of everyone who has not been through a pod yet. */
function returnToWaitlist(p: Platform, change: Change, pod: PodItem, member: MemberItem): SeatItem {
  const signals = { ...member.signals, prioritySince: change.now.toISOString() };
  const seat = waitlistedSeat(p, pod.sprintType, signals);
  change.ops.push({
    update: seatKey(member.userId, pod.sprintType),
    changes: {
      set: {
        status: "waitlisted",
        podId: null,
        entryId: seat.entryId,
        signals,
        waitReason: null,
        lastRunAt: null,
        ...waitlistIndex(pod.sprintType, seat.language, signals),
      },
    },
    condition: { equals: { status: "pod", podId: pod.id } },
  });
  return seat;
}

function activate(p: Platform, state: PodState, change: Change): void {
  const { pod } = state;
  pod.status = "active";
  pod.activatedAt = change.now.toISOString();
  pod.endsAt = new Date(change.now.getTime() + pod.durationWeeks * WEEK_MS).toISOString();
  change.dirty = true;
  const members = acceptedOf(state);
  change.effects.push(
    () => podEmails(p, pod, members, "pod_active"),
    // Committed with the activation: whoever keeps the pod's calendar (sessions) learns of it after commit.
    () => [eventEffect(POD_ACTIVATED, { podId: pod.id, activatedAt: pod.activatedAt })],
  );
}

/** Ends a pod that cannot go ahead; its remaining members go back to the waitlist with priority. */
export function disband(p: Platform, state: PodState, change: Change, reason: string): void {
  const { pod } = state;
  const seated = seatedOf(state);
  for (const m of seated) returnToWaitlist(p, change, pod, m);
  const activated = pod.activatedAt != null;
  pod.status = "disbanded";
  pod.endedAt = change.now.toISOString();
  pod.endReason = reason;
  change.dirty = true;
  change.effects.push(
    () => podEmails(p, pod, seated, "pod_disbanded"),
    () => [eventEffect(POD_CLOSED, { podId: pod.id, status: pod.status, activated })],
  );
}

function complete(p: Platform, state: PodState, change: Change): void {
  const { pod } = state;
  const accepted = acceptedOf(state);
  for (const m of seatedOf(state)) {
    if (m.status === "invited") touch(change, m, { status: "expired" });
    releaseSeat(change, pod, m);
  }
  pod.status = "completed";
  pod.endedAt = change.now.toISOString();
  pod.endReason = "sprint_ended";
  change.dirty = true;
  change.effects.push(
    () => podEmails(p, pod, accepted, "pod_completed"),
    // Settlement of the deposits waits on this (and sessions cancels anything still planned).
    () => [eventEffect(POD_CLOSED, { podId: pod.id, status: pod.status, activated: true })],
  );
}

/**
 * After members came or went: fill the places of those who left (and any a pod below its minimum needs) from the
 * waitlist; then a forming pod whose invitations are all answered becomes active with enough acceptances, or else
 * merges into another pod or is disbanded; an active pod below its minimum with nobody to invite is merged, or
 * stays open for the daily job to fill.
 */
async function settle(p: Platform, state: PodState, change: Change, vacancies: number): Promise<void> {
  const { pod } = state;
  if (!isOpen(pod)) return;
  const lapsed = state.members.filter(
    (m) => m.status === "invited" && m.invitedUntil && new Date(m.invitedUntil) <= change.now,
  );
  for (const m of lapsed) {
    touch(change, m, { status: "expired" });
    releaseSeat(change, pod, m);
  }
  vacancies += lapsed.length;
  const seated = seatedOf(state).length;
  if (seated === 0) return disband(p, state, change, "no_members");
  const want = Math.min(pod.podSize.max - seated, Math.max(vacancies, pod.podSize.min - seated));
  const invited = await backfill(p, state, change, want);
  if (invited.length > 0) change.effects.push(() => podEmails(p, pod, invited, "pod_invited", seated));

  if (pendingOf(state, change.now).length > 0) return;
  const accepted = acceptedOf(state).length;
  if (pod.status === "forming" && accepted >= pod.podSize.min) return activate(p, state, change);
  if (seatedOf(state).length >= pod.podSize.min) return;
  const movers = seatedOf(state);
  const target = await mergeIntoAnother(p, state, change);
  if (target) {
    const userIds = movers.map((m) => m.userId);
    change.effects.push(
      () => [
        eventEffect(POD_MEMBERS_MOVED, { fromPodId: pod.id, toPodId: target.id, userIds }),
        eventEffect(POD_CLOSED, { podId: pod.id, status: "disbanded", activated: pod.activatedAt != null }),
      ],
      () => [reviewSchedule(target)],
      () => podEmails(p, target, movers, "pod_moved", target.seated - 1),
      // The merged pod may now have everything it needs to start.
      () => [{ kind: "job", ...reviewTarget(target.id) }],
    );
    return;
  }
  if (pod.status === "forming") disband(p, state, change, "not_enough_members");
}

/** An active pod still takes new members in its sprint's first week: later they could not keep enough sessions. */
const LATE_JOIN_MS = WEEK_MS;

/**
 * Offers a pod's free places (below its maximum) to the waitlisted learners whose hours cover every weekly slot:
 * a forming pod, or an active one in its first week. Formation runs it before forming new pods, so a learner who
 * fits an existing pod is invited there. Returns how many were invited.
 */
export function offerOpenSeats(p: Platform, podId: string): Promise<number> {
  return changePod(p, podId, async (state, change) => {
    const { pod } = state;
    if (!isOpen(pod)) return 0;
    if (
      pod.status === "active" &&
      (!pod.activatedAt || change.now.getTime() - Date.parse(pod.activatedAt) > LATE_JOIN_MS)
    ) {
      return 0;
    }
    const seated = seatedOf(state).length;
    const invited = await backfill(p, state, change, pod.podSize.max - seated);
    if (invited.length > 0) change.effects.push(() => podEmails(p, pod, invited, "pod_invited", seated));
    return invited.length;
  });
}

/** After a member's place was freed outside the routes (an erased account). */
export const settleAfterDeparture = (p: Platform, state: PodState, change: Change) => settle(p, state, change, 1);

/** The actor's membership, or 404 as if the pod did not exist: learners only see pods they are in. */
function membershipOf(state: PodState, actor: Actor): MemberItem {
  const member = state.members.find((m) => m.userId === actor.userId);
  if (!member || !SEATED.includes(member.status)) throw notFound("pod.not_found", "No such pod.");
  return member;
}

function assertOpen(pod: PodItem): void {
  if (!isOpen(pod)) throw conflict("pod.closed", `The pod is ${pod.status}.`, { status: pod.status });
}

const answer = (state: PodState, member: MemberItem): PodAnswer => ({
  podId: state.pod.id,
  myStatus: member.status,
  podStatus: state.pod.status,
});

/** Whether accepting this pod asks for its sprint's deposit first (the stage takes deposits and it has one). */
export async function depositRequiredFor(p: Platform, sprintType: string): Promise<boolean> {
  if (!p.config.depositsRequired) return false;
  return (await getSprintType(p, sprintType)).deposit.amountCents > 0;
}

/**
 * Accepts an invitation; the pod becomes active when enough members have and nobody is still to answer. Where a
 * deposit is required, accepting is paying it (POST /v1/deposits); the payment's confirmation accepts.
 */
export function acceptInvitation(p: Platform, actor: Actor, podId: string): Promise<PodAnswer> {
  return acceptMember(p, podId, actor, false);
}

/** The deposit for this membership was paid: the member accepts (or a 409 says why the place is gone). */
export function acceptPaidInvitation(p: Platform, podId: string, userId: string): Promise<PodAnswer> {
  return acceptMember(p, podId, { userId, role: "learner" }, true);
}

function acceptMember(p: Platform, podId: string, actor: Actor, paid: boolean): Promise<PodAnswer> {
  return changePod(p, podId, async (state, change) => {
    const member = membershipOf(state, actor);
    if (member.status === "accepted") return answer(state, member);
    assertOpen(state.pod);
    if (!paid && (await depositRequiredFor(p, state.pod.sprintType))) {
      throw conflict(
        "payment.deposit_required",
        "Accepting this pod asks for its deposit: pay it to take your place.",
        {
          podId,
        },
      );
    }
    if (member.invitedUntil && new Date(member.invitedUntil) <= change.now) {
      throw conflict("pod.invitation_expired", "This invitation has lapsed; join the waitlist again for a new pod.");
    }
    touch(change, member, { status: "accepted", respondedAt: change.now.toISOString() });
    await settle(p, state, change, 0);
    return answer(state, member);
  });
}

/** Declines an invitation; the place is offered to the best-fitting learner on the waitlist. */
export function declineInvitation(p: Platform, actor: Actor, podId: string): Promise<PodAnswer> {
  return changePod(p, podId, async (state, change) => {
    const member = membershipOf(state, actor);
    assertOpen(state.pod);
    if (member.status !== "invited") {
      throw conflict("pod.already_accepted", "You have accepted this pod; ask for a rematch to leave it.");
    }
    touch(change, member, { status: "declined", respondedAt: change.now.toISOString() });
    releaseSeat(change, state.pod, member);
    await settle(p, state, change, 1);
    return answer(state, member);
  });
}

/**
 * Leaves the pod with a reason and goes back to the waitlist with priority. The pod looks for someone to take
 * the place, and is merged or disbanded if it can no longer go ahead.
 */
export async function requestRematch(
  p: Platform,
  actor: Actor,
  podId: string,
  input: RematchInput,
): Promise<WaitlistEntry> {
  const { reason, note } = parseInput(RematchInput, input, "rematch request");
  let back: SeatItem | undefined;
  let sprintTypeId: string | undefined;
  const entry = await changePod(p, podId, async (state, change) => {
    const member = membershipOf(state, actor);
    assertOpen(state.pod);
    const wasAccepted = member.status === "accepted";
    const podStatus = state.pod.status;
    touch(change, member, { status: "left", reason, note: note ?? null, respondedAt: change.now.toISOString() });
    const seat = returnToWaitlist(p, change, state.pod, member);
    back = seat;
    sprintTypeId = state.pod.sprintType;
    const stay = seatedOf(state).filter((m) => m.status === "accepted");
    if (wasAccepted) {
      change.effects.push(
        () => podEmails(p, state.pod, stay, "pod_member_left"),
        () => [eventEffect(POD_MEMBER_LEFT, { podId, userId: actor.userId, podStatus })],
      );
    }
    await settle(p, state, change, 1);
    return toEntry(seat);
  });
  // Back on the waitlist: the matches page shows who they could meet next, as after joining.
  if (back && sprintTypeId) {
    try {
      await refreshSuggestionsOnJoin(p, await getSprintType(p, sprintTypeId), back);
    } catch (error) {
      p.log.warn("suggestions not refreshed after a rematch", { podId, error });
    }
  }
  return entry;
}

/**
 * What the pod's schedule fires: lapsed invitations expire (their places are offered to others), a sprint past its
 * end completes, and a pod below its minimum tries again to fill up. Returns the pod's status afterwards.
 */
export function reviewPod(p: Platform, podId: string): Promise<PodItem["status"]> {
  return changePod(p, podId, async (state, change) => {
    const { pod } = state;
    if (pod.status === "active" && pod.endsAt && new Date(pod.endsAt) <= change.now) complete(p, state, change);
    else await settle(p, state, change, 0);
    return pod.status;
  });
}

/** Admin: ends a pod now; its members go back to the waitlist with priority. */
export async function disbandPod(p: Platform, actor: Actor, podId: string, reason: string): Promise<PodItem["status"]> {
  requireRole(actor, "admin", "system");
  return changePod(p, podId, async (state, change) => {
    assertOpen(state.pod);
    disband(p, state, change, reason);
    return state.pod.status;
  });
}
