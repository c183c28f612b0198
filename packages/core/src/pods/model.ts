// Pod and waitlist schemas: what the API shows of a learner's waitlist entries, suggestions, pods and formation runs.
import {
  CollaborationStyle,
  CommonSlot,
  CompatibilityScore,
  ExperienceLevel,
  LocalWindow,
  WaitlistReason,
} from "../matching/index.js";
import { z } from "../platform/schema.js";

/** Hours a learner has to answer a pod invitation before it lapses and their place is offered to someone else. */
export const INVITATION_HOURS = 48;
/** Suggestions kept per learner and sprint type. */
export const SUGGESTIONS_PER_USER = 10;
/** Waitlist entries read when looking for someone to fill a place; the oldest and prioritised come first. */
export const BACKFILL_SCAN_LIMIT = 500;

export const PodStatus = z.enum(["forming", "active", "completed", "disbanded"]);
export type PodStatus = z.infer<typeof PodStatus>;

/**
 * A member's place in a pod: `invited` until they answer or the invitation lapses (`expired`); `accepted`;
 * `declined`; `left` through a rematch; `moved` when their pod was merged into another.
 */
export const MemberStatus = z.enum(["invited", "accepted", "declined", "expired", "left", "moved"]);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** Members who hold a place in the pod: the ones it counts and shows. */
export const SEATED: readonly MemberStatus[] = ["invited", "accepted"];

/** Body of POST /v1/waitlist: the sprint type, and any signal that should differ from the saved preferences. */
export const JoinWaitlistInput = z
  .object({
    sprintType: z.string().min(1).max(40),
    timezone: z.string().min(1).max(64).optional(),
    locale: z.string().min(2).max(35).optional(),
    windows: z.array(LocalWindow).min(1).max(28).optional(),
    experienceLevel: ExperienceLevel.optional(),
    collaborationStyle: CollaborationStyle.optional(),
  })
  .strict()
  .openapi("JoinWaitlistInput");
export type JoinWaitlistInput = z.infer<typeof JoinWaitlistInput>;

export const WAIT_REASON_TEXT: Record<WaitlistReason, string> = {
  sprint_pool_too_small:
    "Not enough learners have joined this sprint yet to make a pod; you are in line for the first one as more join.",
  locale_pool_too_small: "Not enough learners in your language have joined yet.",
  no_common_slot:
    "Nobody else's availability shares a full session with yours yet (on as many different days as the sprint meets each week); adding time windows helps.",
  too_few_days:
    "Your availability has room for fewer sessions on different days than the sprint meets each week; add windows on other days.",
  not_enough_candidates:
    "The learners who could meet when you can were placed in other pods; you are first in line next time.",
};

export const WaitlistEntry = z
  .object({
    sprintType: z.string(),
    status: z.literal("waitlisted"),
    joinedAt: z.string(),
    /** Set after a rematch: placed before everyone else at the next formation. */
    prioritySince: z.string().nullable(),
    timezone: z.string(),
    locale: z.string(),
    windows: z.array(LocalWindow),
    experienceLevel: ExperienceLevel,
    collaborationStyle: CollaborationStyle,
    /** Why the last formation run left this learner waiting, if it did. */
    reason: WaitlistReason.nullable(),
    reasonText: z.string().nullable(),
    lastRunAt: z.string().nullable(),
  })
  .openapi("WaitlistEntry");
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;

export const MatchCandidate = z
  .object({
    userId: z.string(),
    score: CompatibilityScore,
    /** The best weekly time the two share, in the viewer's timezone, e.g. "Tuesdays 18:00–19:00". */
    meetingTime: z.string(),
    timezone: z.string(),
    experienceLevel: ExperienceLevel,
    collaborationStyle: CollaborationStyle,
  })
  .openapi("MatchCandidate");
export type MatchCandidate = z.infer<typeof MatchCandidate>;

export const Matches = z
  .object({
    sprintType: z.string(),
    computedAt: z.string(),
    timezone: z.string(),
    candidates: z.array(MatchCandidate),
  })
  .openapi("Matches");
export type Matches = z.infer<typeof Matches>;

export const RematchReason = z.enum(["schedule_changed", "pace_mismatch", "group_fit", "personal", "other"]);
export type RematchReason = z.infer<typeof RematchReason>;

export const RematchInput = z
  .object({ reason: RematchReason, note: z.string().trim().max(500).optional() })
  .strict()
  .openapi("RematchInput");
export type RematchInput = z.infer<typeof RematchInput>;

export const PodMemberView = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    status: MemberStatus,
    isYou: z.boolean(),
    timezone: z.string(),
    experienceLevel: ExperienceLevel,
    collaborationStyle: CollaborationStyle,
    /** Until when an invited member can answer. */
    invitedUntil: z.string().nullable(),
  })
  .openapi("PodMember");
export type PodMemberView = z.infer<typeof PodMemberView>;

export const PodView = z
  .object({
    id: z.string(),
    sprintType: z.string(),
    status: PodStatus,
    /** The viewer's own place in the pod (null for an admin who is not in it). */
    myStatus: MemberStatus.nullable(),
    podSize: z.object({ min: z.number().int(), max: z.number().int() }),
    members: z.array(PodMemberView),
    /** The group's compatibility (averaged over every pair of members). */
    score: CompatibilityScore.nullable(),
    pairwise: z.array(z.object({ a: z.string(), b: z.string(), score: CompatibilityScore })),
    /** The first of `slots`. */
    slot: CommonSlot,
    /** Every weekly slot, one per session of the sprint's week, by weekday in the pod's home timezone. */
    slots: z.array(CommonSlot),
    /** The weekly meeting times in `timezone` (the viewer's), e.g. "Mondays 18:00–18:30, Wednesdays 18:00–18:30". */
    meetingTime: z.string(),
    /** Each slot's meeting time in `timezone`, in the order of `slots`. */
    meetingTimes: z.array(z.string()),
    timezone: z.string(),
    explanation: z.object({ headline: z.string(), reasons: z.array(z.string()) }).nullable(),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .openapi("Pod");
export type PodView = z.infer<typeof PodView>;

export const PodSummary = z
  .object({
    id: z.string(),
    sprintType: z.string(),
    status: PodStatus,
    myStatus: MemberStatus,
    members: z.number().int(),
    meetingTime: z.string(),
    timezone: z.string(),
    invitedUntil: z.string().nullable(),
    createdAt: z.string(),
    endsAt: z.string().nullable(),
  })
  .openapi("PodSummary");
export type PodSummary = z.infer<typeof PodSummary>;

export const PodAnswer = z
  .object({ podId: z.string(), myStatus: MemberStatus, podStatus: PodStatus })
  .openapi("PodAnswer");
export type PodAnswer = z.infer<typeof PodAnswer>;

export const FormationRunInput = z
  .object({
    sprintType: z.string().min(1).max(40),
    /** Narrower pod sizes for this run; they must lie within the sprint type's own. */
    podSize: z.object({ min: z.number().int().min(1).max(50), max: z.number().int().min(1).max(50) }).optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .strict()
  .openapi("FormationRunInput");
export type FormationRunInput = z.infer<typeof FormationRunInput>;

export const FormationRun = z
  .object({
    id: z.string(),
    sprintType: z.string(),
    startedAt: z.string(),
    referenceWeek: z.string(),
    waitlisted: z.number().int(),
    podsFormed: z.number().int(),
    matched: z.number().int(),
    stillWaiting: z.number().int(),
    /** Pods not written because a member had meanwhile left the waitlist or been placed by a concurrent run. */
    conflicts: z.number().int(),
    meanScore: z.number(),
    podIds: z.array(z.string()),
    /** Learners invited to free places in pods already forming or in their first week, before new pods formed. */
    invitedToOpenPods: z.number().int(),
    /** The pods this run formed, in `podIds` order, with the names of the members invited. */
    pods: z.array(
      z.object({
        id: z.string(),
        language: z.string(),
        members: z.array(z.object({ userId: z.string(), displayName: z.string() })),
      }),
    ),
  })
  .openapi("FormationRun");
export type FormationRun = z.infer<typeof FormationRun>;

export const AdminWaitlistLearner = z.object({
  userId: z.string(),
  displayName: z.string(),
  timezone: z.string(),
  language: z.string(),
  /** When they joined this waitlist. */
  waitingSince: z.string(),
  /** Back on the waitlist after a rematch or a pod that did not go ahead: placed first at the next run. */
  rematched: z.boolean(),
});
export type AdminWaitlistLearner = z.infer<typeof AdminWaitlistLearner>;

export const AdminWaitlistSprint = z.object({
  sprintType: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  byLanguage: z.array(z.object({ language: z.string(), waiting: z.number().int() })),
  /** The first in line (rematched first, then by joining time), at most 20. */
  preview: z.array(AdminWaitlistLearner),
});
export type AdminWaitlistSprint = z.infer<typeof AdminWaitlistSprint>;

export const AdminWaitlist = z.object({ sprints: z.array(AdminWaitlistSprint) }).openapi("AdminWaitlist");
export type AdminWaitlist = z.infer<typeof AdminWaitlist>;
