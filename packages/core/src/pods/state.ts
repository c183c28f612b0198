// A pod and its memberships read together and changed in one transaction, guarded by the pod's version.
import { jobOf } from "../domain/index.js";
import {
  commitWithEffects,
  conflict,
  type Effect,
  type Item,
  notFound,
  type Platform,
  scheduleName,
  type TransactOp,
} from "../platform/index.js";
import { SEATED } from "./model.js";
import type { podsDomain } from "./module.js";
import { indexedPod, type MemberItem, Pod, type PodItem } from "./records.js";
import { nameMembers, sprintNameOf, summariesOf, summaryOps } from "./summaries.js";
import { isConflict } from "./waitlist.js";

export interface PodState {
  pod: PodItem;
  members: MemberItem[];
}

/** What a change to a pod writes besides the pod itself, and the side effects committed with it. */
export interface Change {
  now: Date;
  /** Members to write with the pod (changed or new). */
  touched: Set<MemberItem>;
  /** Other writes in the same transaction (seats, suggestions, a pod merged into). */
  ops: TransactOp[];
  /**
   * Emails and follow-ups, as outbox effects written in the same transaction (built just before it, from the
   * planned state) and delivered after it committed.
   */
  effects: (() => Promise<Effect[]> | Effect[])[];
  dirty: boolean;
}

const ATTEMPTS = 4;

/** The pod item and every membership: one strongly consistent Query on the pod's partition. */
export async function loadPod(p: Platform, podId: string): Promise<PodState | undefined> {
  const items = await p.store.queryAll<Item>(Pod.query("withMembers", { podId }));
  const pod = items.find((i) => i.sk === "POD") as PodItem | undefined;
  if (!pod) return undefined;
  return { pod, members: items.filter((i) => i.sk.startsWith("MEMBER#")) as MemberItem[] };
}

export const seatedOf = (state: PodState) => state.members.filter((m) => SEATED.includes(m.status));
/** A seat that counts towards the pod: its member accepted. */
export const isAccepted = (m: Pick<MemberItem, "status">) => m.status === "accepted";
export const acceptedOf = (state: PodState) => state.members.filter(isAccepted);
export const pendingOf = (state: PodState, now: Date) =>
  state.members.filter((m) => m.status === "invited" && (!m.invitedUntil || new Date(m.invitedUntil) > now));

/** Counts and the next due time, derived from the memberships. */
export function recount(state: PodState): void {
  const { pod } = state;
  const seated = seatedOf(state);
  pod.seated = seated.length;
  pod.accepted = seated.filter((m) => m.status === "accepted").length;
  const due = seated.flatMap((m) => (m.status === "invited" && m.invitedUntil ? [m.invitedUntil] : []));
  if (pod.status === "active" && pod.endsAt) due.push(pod.endsAt);
  const open = pod.status === "forming" || pod.status === "active";
  pod.dueAt = open ? (due.sort()[0] ?? null) : null;
}

export const reviewScheduleName = (podId: string) => scheduleName("pod", podId);

/** One schedule per pod, at its next due time (lapsed invitations, the sprint's end), or none once it is over. */
export function reviewSchedule(pod: PodItem): Effect {
  const name = reviewScheduleName(pod.id);
  if (pod.dueAt && (pod.status === "forming" || pod.status === "active")) {
    return { kind: "schedule.at", name, at: pod.dueAt, target: reviewTarget(pod.id) };
  }
  return { kind: "schedule.delete", name };
}

/** The pod's review job, by the name pods' module gives it. */
export const reviewTarget = (podId: string) => ({ job: jobOf<typeof podsDomain>("pods.review"), payload: { podId } });
/** Memberships that a plan's other writes put whole (a pod merged into gets its arrivals this way). */
const membersPutBy = (ops: readonly TransactOp[]): MemberItem[] =>
  ops.flatMap((op) => ("put" in op && op.put.type === "PodMember" ? [op.put as MemberItem] : []));

/**
 * Reads the pod, lets `plan` change it, and stores the pod, the touched memberships and the plan's other writes in
 * one transaction conditioned on the pod's version. Concurrent changes to the same pod are serialised: the loser
 * re-reads and plans again (a few times, then 409 `pod.busy`). Errors thrown by `plan` abort without writing.
 */
export async function changePod<T>(
  p: Platform,
  podId: string,
  plan: (state: PodState, change: Change) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const state = await loadPod(p, podId);
    if (!state) throw notFound("pod.not_found", "No such pod.");
    const version = state.pod.version ?? 0;
    const before = { status: state.pod.status, dueAt: state.pod.dueAt };
    const sprintName = await sprintNameOf(p, state.pod.sprintType);
    const summariesBefore = summariesOf(state.pod, state.members, sprintName);
    const change: Change = { now: p.clock.now(), touched: new Set(), ops: [], effects: [], dirty: false };
    const result = await plan(state, change);
    if (!change.dirty && change.touched.size === 0 && change.ops.length === 0) return result;
    recount(state);
    await nameMembers(p, [...change.touched, ...membersPutBy(change.ops)]);
    const ops: TransactOp[] = [
      { put: indexedPod({ ...state.pod, version }), condition: { version } },
      ...[...change.touched].map((m): TransactOp => ({ put: m })),
      ...change.ops,
      // Each member's summary in their own partition, in the same transaction: "my pods" and the dashboard.
      ...summaryOps(state.pod, state.members, sprintName, summariesBefore),
    ];
    const effects: Effect[] = [];
    if (before.status !== state.pod.status || before.dueAt !== state.pod.dueAt) effects.push(reviewSchedule(state.pod));
    for (const produce of change.effects) effects.push(...(await produce()));
    try {
      await commitWithEffects(p, ops, effects);
    } catch (e) {
      if (!isConflict(e)) throw e;
      if (attempt < ATTEMPTS) continue;
      throw conflict("pod.busy", "The pod changed while this was being done; please try again.", { podId });
    }
    return result;
  }
}
