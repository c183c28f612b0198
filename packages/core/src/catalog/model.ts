// Sprint types are data: duration, cadence, sessions required, deposit, refund policy, pod size, content track.
import { z } from "../platform/schema.js";

export const Money = z.object({
  amountCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. USD"),
});
export type Money = z.infer<typeof Money>;

export const RefundPolicy = z.object({
  /** `proportional`: refund = deposit × kept / required (capped at 100%), nothing below the minimum. */
  kind: z.enum(["proportional", "all_or_nothing"]),
  /** Sessions a member must keep before any refund is due. */
  minimumSessions: z.number().int().min(0),
  /** Percentage kept as a platform fee from every refund (0 = full refund for full attendance). */
  feePercent: z.number().min(0).max(100),
  /** Absences a member may excuse a sprint, if declared before the session (default 1). */
  excusedAbsences: z.number().int().min(0).max(10).optional(),
  /** Missed sessions that completed tutor practice in the sprint can make up for (default 0). */
  practiceMakeups: z.number().int().min(0).max(10).optional(),
  /** Where stakes lost go: shared as credit among the pod-mates who kept every session, or to the platform. */
  forfeitTo: z.enum(["keepers", "platform"]).optional(),
});
export type RefundPolicy = z.infer<typeof RefundPolicy>;

export const SprintType = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{2,40}$/),
    name: z.string().min(1).max(80),
    description: z.string().max(2000),
    durationWeeks: z.number().int().min(1).max(52),
    sessionsPerWeek: z.number().int().min(1).max(14),
    sessionMinutes: z.number().int().min(15).max(240),
    sessionsRequired: z.number().int().min(1),
    deposit: Money,
    refundPolicy: RefundPolicy,
    /**
     * Members a pod may have, and the size formation prefers: above the minimum, so that one decline or drop-out
     * does not sink a pod below it.
     */
    podSize: z.object({
      min: z.number().int().min(2),
      target: z.number().int().min(2).max(12),
      max: z.number().int().max(12),
    }),
    proofMethods: z.array(z.enum(["workout_log", "photo", "prompt_artifact", "code_artifact", "note"])).min(1),
    contentTrack: z.string().min(1),
    locales: z.array(z.string()).min(1),
  })
  .refine((s) => s.podSize.min <= s.podSize.max, {
    message: "podSize.min must not exceed podSize.max",
    path: ["podSize"],
  })
  .refine((s) => s.podSize.min <= s.podSize.target && s.podSize.target <= s.podSize.max, {
    message: "podSize.target must lie between podSize.min and podSize.max",
    path: ["podSize", "target"],
  })
  .refine((s) => s.sessionsRequired <= s.durationWeeks * s.sessionsPerWeek, {
    message: "sessionsRequired cannot exceed the sessions the sprint holds",
    path: ["sessionsRequired"],
  });
export type SprintType = z.infer<typeof SprintType>;

export const SEED_SPRINT_TYPES: SprintType[] = [
  {
    id: "gym_3x_week",
    name: "Gym 3× a week",
    description:
      "Build a fitness habit with a small pod: three short check-in sessions a week, proof of effort from your workout log or a photo.",
    durationWeeks: 4,
    sessionsPerWeek: 3,
    sessionMinutes: 30,
    sessionsRequired: 12,
    deposit: { amountCents: 3000, currency: "USD" },
    refundPolicy: { kind: "proportional", minimumSessions: 3, feePercent: 0 },
    podSize: { min: 3, target: 4, max: 5 },
    proofMethods: ["workout_log", "photo"],
    contentTrack: "fitness-habits",
    locales: ["en"],
  },
  {
    id: "net_prompting",
    name: "Prompting and LLM programs",
    description:
      "Learn to prompt LLMs and write small programs around them: weekly pod sessions, a Socratic tutor between them, proof from your prompts and code.",
    durationWeeks: 6,
    sessionsPerWeek: 1,
    sessionMinutes: 60,
    sessionsRequired: 6,
    deposit: { amountCents: 5000, currency: "USD" },
    refundPolicy: { kind: "proportional", minimumSessions: 2, feePercent: 0, practiceMakeups: 1 },
    podSize: { min: 3, target: 4, max: 5 },
    proofMethods: ["prompt_artifact", "code_artifact"],
    contentTrack: "net-prompting",
    locales: ["en"],
  },
];

/** The target pod size of sprint types stored before the catalog had one. */
export const DEFAULT_TARGET_POD_SIZE = 4;

/** A sprint type's preferred pod size; for one stored without it, the default within its bounds. */
export function targetOf(sprintType: { podSize: { min: number; max: number; target?: number } }): number {
  const { min, max, target } = sprintType.podSize;
  return target ?? Math.min(max, Math.max(min, DEFAULT_TARGET_POD_SIZE));
}

/** A sprint type as it may be stored: items written before the catalog had a target pod size lack it. */
export type StoredSprintType = Omit<SprintType, "podSize"> & { podSize: { min: number; max: number; target?: number } };

/** A stored sprint type in today's shape. */
export function upgradeSprintType(stored: StoredSprintType): SprintType {
  const { min, max } = stored.podSize;
  return { ...stored, podSize: { min, target: targetOf(stored), max } };
}
