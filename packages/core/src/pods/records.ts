// How seats, suggestions, pods and memberships are stored: keys, index attributes and the item shapes.
import { ownerIndex } from "../accounts/index.js";
import type { CommonSlot, MatchingSignals, Suggestion, WaitlistReason, WaitlistSignals } from "../matching/index.js";
import { defineEntity, type Item, type Key } from "../platform/index.js";
import type { MemberStatus, PodStatus, RematchReason } from "./model.js";

/**
 * A learner's place for one sprint type: on its waitlist, or in a pod. There is one per (user, sprint type), written
 * with a conditional put, which is what keeps a learner in at most one waitlist entry or pod per sprint type.
 * While waitlisted it carries the waitlist index keys (a sparse index: placing the learner removes them).
 */
export type SeatItem = Item & {
  type: "SprintSeat";
  userId: string;
  sprintType: string;
  /** New on every (re-)entry to the waitlist: formation writes are conditioned on it, so a stale read cannot win. */
  entryId: string;
  status: "waitlisted" | "pod";
  podId: string | null;
  signals: WaitlistSignals;
  language: string;
  waitReason: WaitlistReason | null;
  lastRunAt: string | null;
};

/** A learner's precomputed suggestions for one sprint type, read with one Query. */
export type SuggestionsItem = Item & {
  type: "Suggestions";
  userId: string;
  sprintType: string;
  /** The viewer's timezone when computed, to show meeting times in. */
  timezone: string;
  computedAt: string;
  suggestions: (Suggestion & Pick<WaitlistSignals, "timezone" | "experienceLevel" | "collaborationStyle">)[];
};

export type PodItem = Item & {
  type: "Pod";
  id: string;
  sprintType: string;
  language: string;
  status: PodStatus;
  /** The first weekly slot: all that pods formed before sprints met several times a week have (weeklySlotsOf). */
  slot: CommonSlot;
  /** Every weekly slot, one per session of the sprint's week; absent on pods stored with `slot` alone. */
  slots?: CommonSlot[];
  podSize: { min: number; max: number };
  durationWeeks: number;
  createdAt: string;
  formationRunId: string | null;
  activatedAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  mergedInto: string | null;
  /** Members holding a place (invited + accepted), and of them those who accepted. */
  seated: number;
  accepted: number;
  /** When the pod next needs looking at: the first open invitation's deadline, or the sprint's end. */
  dueAt: string | null;
};

export type MemberItem = Item & {
  type: "PodMember";
  podId: string;
  userId: string;
  status: MemberStatus;
  /** What the learner joined the waitlist with: they re-enter with it after a rematch. */
  signals: WaitlistSignals;
  /** Their availability in the pod's reference week: what scores and the explanation are computed from. */
  snapshot: MatchingSignals;
  via: "formation" | "backfill" | "merge";
  invitedAt: string;
  invitedUntil: string | null;
  respondedAt: string | null;
  reason: RematchReason | null;
  note: string | null;
  /** The member's timezone since they last changed it; their times are shown in it (`snapshot` keeps the one matched). */
  timezone?: string;
  /** Set when the member's account was erased: the pod keeps an anonymous place. */
  erased?: boolean;
  /**
   * The name pod-mates see, kept here so a pod with its roster is one Query: set when the membership is written
   * (formation, backfill, merge), changed on rename, "Former member" after an erasure. Absent on memberships
   * stored before names were kept; those are named from the profile until the pod next changes.
   */
  displayName?: string;
};

/**
 * What a learner's own partition keeps of each pod they hold a place in (invited or accepted), beside their other
 * records: "my pods" and the dashboard read these with one Query instead of the pods themselves. Written in the
 * same transaction as every change to the pod or the membership, deleted when the place is given up.
 */
export type PodSummaryItem = Item & {
  type: "PodSummary";
  userId: string;
  podId: string;
  sprintType: string;
  /** The sprint type's name when the pod last changed. */
  sprintName: string;
  status: PodStatus;
  myStatus: MemberStatus;
  /** Members holding a place. */
  members: number;
  slot: CommonSlot;
  /** The pod's weekly slots (absent on summaries written before pods had several). */
  slots?: CommonSlot[];
  /** The learner's timezone in this pod: meeting times are shown in it. */
  timezone: string;
  invitedUntil: string | null;
  createdAt: string;
  endsAt: string | null;
};

/** A pod's weekly slots: `slots`, or for pods stored before pods had several, the one `slot`. */
export function weeklySlotsOf(pod: { slot: CommonSlot; slots?: readonly CommonSlot[] }): CommonSlot[] {
  return pod.slots && pod.slots.length > 0 ? [...pod.slots] : [pod.slot];
}

/** Pods' items and how each is found (docs/data-model.md, Goals, waitlist and pods: access patterns). */
export const Seat = defineEntity("SprintSeat", {
  ofUser: {
    name: "A learner's waitlist entries (and places in pods)",
    pk: "USER#<userId>",
    sk: { beginsWith: "SPRINT#" },
  },
  one: {
    name: "One learner's seat for a sprint type",
    pk: "USER#<userId>",
    sk: "SPRINT#<sprintType>",
    note: "the at-most-one rule: conditional put `attribute_not_exists(pk)`",
  },
  waitlist: {
    name: "The waitlist of a sprint type and language, for formation, backfill and suggestions (rematched first, then by joining time)",
    index: "gsi1",
    pk: "WAITLIST#<sprintType>#<language>",
    sparse: true,
  },
});
export const Suggestions = defineEntity("Suggestions", {
  one: { name: "A learner's suggestions for one sprint type", pk: "USER#<userId>", sk: "MATCHES#<sprintType>" },
  ofUser: {
    name: "A learner's suggestions, every sprint type (`GET /v1/matches`)",
    pk: "USER#<userId>",
    sk: { beginsWith: "MATCHES#" },
  },
});
export const Pod = defineEntity("Pod", {
  one: { name: "One pod", pk: "POD#<podId>", sk: "POD" },
  withMembers: { name: "A pod with all its memberships", pk: "POD#<podId>", consistent: true },
  due: {
    name: "Pods due for review (lapsed invitations, sprint end), per status (`forming` or `active`)",
    index: "gsi1",
    pk: "PODS#<sprintType>#<status>",
    sk: { lte: "<now>#\uffff" },
  },
  open: {
    name: "Pods with room (merge targets), fewest members first",
    index: "gsi3",
    pk: "PODS_OPEN#<sprintType>#<language>",
    sparse: true,
  },
  short: {
    name: "Pods below their minimum",
    index: "gsi3",
    pk: "PODS_OPEN#<sprintType>#<language>",
    sk: { lt: "<min>#" },
    sparse: true,
  },
});
export const Member = defineEntity("PodMember", {
  one: { name: "One membership", pk: "POD#<podId>", sk: "MEMBER#<userId>" },
  ofUser: {
    name: "A learner's memberships, newest first (rename, erasure)",
    index: "gsi2",
    pk: "USER#<userId>",
    sk: { beginsWith: "POD#" },
    descending: true,
  },
});
export const PodSummary = defineEntity("PodSummary", {
  one: { name: "A learner's summary of one pod", pk: "USER#<userId>", sk: "POD#<podCreatedAt>#<podId>" },
  ofUser: {
    name: "A learner's pods, newest first (`GET /v1/pods`)",
    pk: "USER#<userId>",
    sk: { beginsWith: "POD#" },
    descending: true,
  },
});
export const FormationRunRecord = defineEntity("FormationRun", {
  one: { name: "One formation run", pk: "MATCHING#<sprintType>", sk: "RUN#<runId>" },
  ofSprintType: { name: "Formation runs of a sprint type", pk: "MATCHING#<sprintType>", sk: { beginsWith: "RUN#" } },
});

export const seatKey = (userId: string, sprintType: string): Key => Seat.key("one", { userId, sprintType });
export const suggestionsKey = (userId: string, sprintType: string): Key =>
  Suggestions.key("one", { userId, sprintType });
export const podPk = (podId: string) => `POD#${podId}`;
export const podKey = (podId: string): Key => Pod.key("one", { podId });
export const memberKey = (podId: string, userId: string): Key => Member.key("one", { podId, userId });
/** Sorted like the owner index of the membership: a learner's pods, newest first, in their own partition. */
export const podSummaryKey = (userId: string, podCreatedAt: string, podId: string): Key =>
  PodSummary.key("one", { userId, podCreatedAt, podId });
export const runKey = (sprintType: string, runId: string): Key => FormationRunRecord.key("one", { sprintType, runId });

/** The waitlist of one sprint type and language, prioritised learners first, then by joining time. */
export const waitlistPk = (sprintType: string, language: string) => `WAITLIST#${sprintType}#${language}`;
export const waitlistSk = (signals: WaitlistSignals) =>
  signals.prioritySince ? `0#${signals.prioritySince}#${signals.userId}` : `1#${signals.joinedAt}#${signals.userId}`;

/** Pods of a sprint type in one status, by when they are next due (gsi1). */
export const podsByStatusPk = (sprintType: string, status: PodStatus) => `PODS#${sprintType}#${status}`;
/** Forming or active pods with room, fewest members first (gsi3, sparse): backfill and merge candidates. */
export const openPodsPk = (sprintType: string, language: string) => `PODS_OPEN#${sprintType}#${language}`;
export const openPodsSk = (seated: number, podId: string) => `${String(seated).padStart(2, "0")}#${podId}`;

/** The pod's index attributes, derived from its state; the pod is always written whole, so stale ones vanish. */
export function indexedPod(pod: PodItem): PodItem {
  const { gsi1pk: _g1, gsi1sk: _s1, gsi3pk: _g3, gsi3sk: _s3, ...rest } = pod;
  const open = (pod.status === "forming" || pod.status === "active") && pod.seated < pod.podSize.max;
  return {
    ...rest,
    gsi1pk: podsByStatusPk(pod.sprintType, pod.status),
    gsi1sk: `${pod.dueAt ?? pod.endedAt ?? "~"}#${pod.id}`,
    ...(open ? { gsi3pk: openPodsPk(pod.sprintType, pod.language), gsi3sk: openPodsSk(pod.seated, pod.id) } : {}),
  } as PodItem;
}

/** Memberships are findable by their member (the owner index): "my pods", export and erasure. */
export const memberOwnerIndex = (userId: string, createdAt: string, podId: string) =>
  ownerIndex(userId, `POD#${createdAt}#${podId}`);

/** Waitlist index attributes of a seat that is waitlisted. */
export const waitlistIndex = (sprintType: string, language: string, signals: WaitlistSignals) => ({
  gsi1pk: waitlistPk(sprintType, language),
  gsi1sk: waitlistSk(signals),
});

/** The timezone a member sees their pod's times in: their current one, else the one they joined with. */
export const viewerTimezone = (m: Pick<MemberItem, "timezone" | "snapshot">): string =>
  m.timezone ?? m.snapshot.timezone;
