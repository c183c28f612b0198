// Matching schemas: waitlist signals, their weekly UTC snapshot, compatibility scores, pods and formation options.
import { z } from "../platform/schema.js";

/** Minutes in a week; UTC minute of the week 0 is Monday 00:00 UTC. */
export const MINUTES_PER_WEEK = 10_080;

/** Hard limits on pod sizes, the same bounds as the sprint catalog accepts. */
export const POD_SIZE_LIMITS = { min: 2, max: 12 } as const;

export const ExperienceLevel = z.enum(["beginner", "intermediate", "advanced"]);
export type ExperienceLevel = z.infer<typeof ExperienceLevel>;

/**
 * How a learner likes a session to run:
 * - `structured`: agenda first, time-boxed, clear roles;
 * - `flexible`: a loose plan that follows where the pod wants to go;
 * - `social`: talking things through, chatty, energy from the group;
 * - `quiet`: focused co-working, camera on, little chatter.
 */
export const CollaborationStyle = z.enum(["structured", "flexible", "social", "quiet"]);
export type CollaborationStyle = z.infer<typeof CollaborationStyle>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * A weekly window in the learner's own timezone. `weekday` is ISO (1 = Monday … 7 = Sunday); `end` may be
 * "24:00", and an `end` earlier than `start` means the window runs past midnight into the next day.
 */
export const LocalWindow = z
  .object({
    weekday: z.number().int().min(1).max(7),
    start: z.string().max(5).regex(HHMM, "HH:MM, 00:00 to 23:59"),
    end: z.string().max(5).regex(HHMM, "HH:MM, 00:00 to 24:00"),
  })
  .refine((w) => w.start !== "24:00", { message: "a window cannot start at 24:00", path: ["start"] })
  .refine((w) => w.start !== w.end, { message: "a window must not be empty", path: ["end"] });
export type LocalWindow = z.infer<typeof LocalWindow>;

/** What a learner gives when joining a sprint type's waitlist (stored with the waitlist entry). */
export const WaitlistSignals = z.object({
  userId: z.string().min(1).max(64),
  /** IANA timezone, e.g. "Europe/London". */
  timezone: z.string().min(1).max(64),
  /** BCP 47 tag; pods form within one language (the primary subtag: "en-GB" and "en-US" meet). */
  locale: z.string().min(2).max(35),
  experienceLevel: ExperienceLevel,
  collaborationStyle: CollaborationStyle,
  windows: z.array(LocalWindow).min(1).max(28),
  /** Set when the learner came back through a rematch: they are placed before everyone else, oldest first. */
  prioritySince: z.iso.datetime().nullable().default(null),
  joinedAt: z.iso.datetime(),
});
export type WaitlistSignals = z.infer<typeof WaitlistSignals>;
export type WaitlistSignalsInput = z.input<typeof WaitlistSignals>;

/** A half-open interval [start, end) of UTC minutes of the week. */
export const WeekInterval = z.tuple([
  z.number().int().min(0).max(MINUTES_PER_WEEK),
  z.number().int().min(0).max(MINUTES_PER_WEEK),
]);
export type WeekInterval = z.infer<typeof WeekInterval>;

/** A Monday, "YYYY-MM-DD": the week whose UTC offsets the snapshot was taken with. */
export const ReferenceWeek = z.iso.date();
export type ReferenceWeek = z.infer<typeof ReferenceWeek>;

/**
 * The matching snapshot of one learner for one reference week: availability as sorted, disjoint UTC
 * minute-of-week intervals, taken with the UTC offsets in force that week.
 */
export const MatchingSignals = z.object({
  userId: z.string().min(1).max(64),
  timezone: z.string().min(1).max(64),
  locale: z.string().min(2).max(35),
  experienceLevel: ExperienceLevel,
  collaborationStyle: CollaborationStyle,
  availability: z.array(WeekInterval),
  referenceWeek: ReferenceWeek,
  prioritySince: z.iso.datetime().nullable(),
  joinedAt: z.iso.datetime(),
});
export type MatchingSignals = z.infer<typeof MatchingSignals>;

const unit = z.number().min(0).max(1);
export const CompatibilityScore = z.object({
  overall: unit,
  timezoneMatch: unit,
  experienceLevel: unit,
  collaborationStyle: unit,
  availabilityOverlap: unit,
});
export type CompatibilityScore = z.infer<typeof CompatibilityScore>;

export const PairScore = z.object({ a: z.string(), b: z.string(), score: CompatibilityScore });
export type PairScore = z.infer<typeof PairScore>;

/**
 * A pod's weekly meeting slot. It is anchored in one timezone (the pod's "home"): sessions happen every week
 * at `anchorWeekday` `anchorTime` there, so the anchor's members keep their local time across DST changes;
 * `utcMinuteOfWeek` is where that lands in the reference week.
 */
export const CommonSlot = z.object({
  utcMinuteOfWeek: z
    .number()
    .int()
    .min(0)
    .max(MINUTES_PER_WEEK - 1),
  durationMinutes: z.number().int().min(15).max(240),
  anchorTimezone: z.string(),
  anchorWeekday: z.number().int().min(1).max(7),
  anchorTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  referenceWeek: ReferenceWeek,
});
export type CommonSlot = z.infer<typeof CommonSlot>;

export const FormedPod = z.object({
  members: z.array(z.string()),
  /** One weekly slot per session of the sprint's week, on different days, ordered by the home weekday. */
  slots: z.array(CommonSlot).min(1),
  /** The first of `slots`: what pods stored before sprints had several sessions a week keep alone. */
  slot: CommonSlot,
  score: CompatibilityScore,
  pairwise: z.array(PairScore),
});
export type FormedPod = z.infer<typeof FormedPod>;

/**
 * Why a learner stays on the waitlist:
 * - `sprint_pool_too_small`: fewer learners than the smallest pod on the sprint's whole waitlist (formation says
 *   this instead of `locale_pool_too_small` when the language is not the cause);
 * - `locale_pool_too_small`: fewer learners of their language than the smallest pod;
 * - `no_common_slot`: no session-long time in their availability that enough others (same language) share (with
 *   several sessions a week: not on as many different days as the sprint has sessions);
 * - `too_few_days`: their own availability holds fewer sessions on different days than the sprint has a week;
 * - `not_enough_candidates`: a pod was possible, but the learners who could join it went to other pods.
 */
export const WaitlistReason = z.enum([
  "sprint_pool_too_small",
  "locale_pool_too_small",
  "no_common_slot",
  "too_few_days",
  "not_enough_candidates",
]);
export type WaitlistReason = z.infer<typeof WaitlistReason>;

export const StillWaiting = z.object({ userId: z.string(), reason: WaitlistReason });
export type StillWaiting = z.infer<typeof StillWaiting>;

export const FormationOptions = z
  .object({
    minSize: z.number().int().default(3),
    maxSize: z.number().int().default(5),
    /**
     * The pod size formation prefers (the catalog's target): each member a pod has above or below it costs
     * SIZE_PENALTY in the objective. Left out: no size preference.
     */
    targetSize: z.number().int().optional(),
    sessionMinutes: z.number().int().default(60),
    /** Weekly sessions: a pod needs this many common slots, on different days. */
    sessionsPerWeek: z.number().int().min(1).max(7).default(1),
    /** Same seed, same waitlist → same pods. */
    seed: z.number().int().default(1),
    /** Independent greedy + local search runs; the best is kept. Left out: chosen from the pool size. */
    restarts: z.number().int().min(1).max(10_000).optional(),
    /** Upper bound on local-search passes per run. */
    maxPasses: z.number().int().min(0).max(10_000).default(12),
  })
  .refine((o) => o.minSize >= POD_SIZE_LIMITS.min && o.minSize <= POD_SIZE_LIMITS.max, {
    message: `minSize must be between ${POD_SIZE_LIMITS.min} and ${POD_SIZE_LIMITS.max}`,
    path: ["minSize"],
  })
  .refine((o) => o.maxSize >= o.minSize && o.maxSize <= POD_SIZE_LIMITS.max, {
    message: `maxSize must be between minSize and ${POD_SIZE_LIMITS.max}`,
    path: ["maxSize"],
  })
  .refine((o) => o.targetSize === undefined || (o.targetSize >= o.minSize && o.targetSize <= o.maxSize), {
    message: "targetSize must be between minSize and maxSize",
    path: ["targetSize"],
  })
  .refine((o) => o.sessionMinutes >= 15 && o.sessionMinutes <= 240 && o.sessionMinutes % 15 === 0, {
    message: "sessionMinutes must be a multiple of 15 between 15 and 240",
    path: ["sessionMinutes"],
  });
export type FormationOptions = z.infer<typeof FormationOptions>;
export type FormationOptionsInput = z.input<typeof FormationOptions>;

export const FormationStats = z.object({
  waitlisted: z.number().int(),
  matched: z.number().int(),
  pods: z.number().int(),
  /** Σ over matched learners of their mean compatibility with their pod-mates. */
  totalScore: z.number(),
  /** What formation maximises: totalScore less SIZE_PENALTY per member each pod is off the target size. */
  objective: z.number(),
  /** Pods of the target size (0 without a target). */
  targetSized: z.number().int(),
  /** totalScore / matched (0 when nobody was matched). */
  meanScore: z.number(),
});
export type FormationStats = z.infer<typeof FormationStats>;

export const FormationResult = z.object({
  pods: z.array(FormedPod),
  waiting: z.array(StillWaiting),
  stats: FormationStats,
});
export type FormationResult = z.infer<typeof FormationResult>;

export const Suggestion = z.object({
  userId: z.string(),
  score: CompatibilityScore,
  /** The best weekly slot the two share, if any (suggestions only list learners who share one). */
  slot: CommonSlot,
});
export type Suggestion = z.infer<typeof Suggestion>;

export const SuggestionOptions = z.object({
  k: z.number().int().min(1).max(100).default(10),
  sessionMinutes: z
    .number()
    .int()
    .min(15)
    .max(240)
    .refine((m) => m % 15 === 0, "a multiple of 15")
    .default(60),
});
export type SuggestionOptions = z.infer<typeof SuggestionOptions>;
export type SuggestionOptionsInput = z.input<typeof SuggestionOptions>;
