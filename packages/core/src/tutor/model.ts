// The tutor's shapes: a learning session (diagnostic or practice), its events, the hint ladder's levels and the
// weights hint use takes off an item's score, and what the learner sends (attempts, hint requests, messages).
import { LearnerQuestion } from "../content/model.js";
import { z } from "../platform/schema.js";

export const LearningMode = z.enum(["diagnostic", "practice"]);
export type LearningMode = z.infer<typeof LearningMode>;

/** A diagnostic asks at most this many items; it ends by itself after the last one. */
export const DIAGNOSTIC_ITEMS = 12;

/**
 * The five rungs of the ladder. Level 0 is the question alone. Level N is unlocked only by an attempt made while
 * level N−1 was the highest shown, one level at a time, so no route and no replayed request can skip a rung.
 */
export const HINT_LEVELS = [
  { level: 1, name: "Clarify the question" },
  { level: 2, name: "A conceptual nudge" },
  { level: 3, name: "A strategy" },
  { level: 4, name: "A worked step" },
  { level: 5, name: "The full explanation" },
] as const;
export type HintLevel = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * What a right answer is worth after using the ladder up to a level (index = highest level shown). Level 5 shows
 * the answer, so an item answered after it earns nothing. A wrong attempt costs nothing by itself: trying is what
 * unlocks the next hint.
 */
export const HINT_WEIGHTS = [1, 0.9, 0.75, 0.5, 0.25, 0] as const;

export const scoreFor = (correct: boolean, hintLevel: HintLevel) => (correct ? HINT_WEIGHTS[hintLevel] : 0);

/** When a stuck learner gets a micro-lesson, a nudge to ask their pod, and a flag on the coach's next agenda. */
export const COMPLEX_MOMENT_RULES = {
  wrongAttempts: 3,
  idleMinutes: 10,
  hintBurst: { count: 3, withinSeconds: 120 },
} as const;
export const ComplexMomentReason = z.enum(["repeated_wrong", "idle", "frustration", "hint_burst"]);
export type ComplexMomentReason = z.infer<typeof ComplexMomentReason>;

export const TUTOR_LIMITS = { messageLength: 2_000, answerLength: 20_000, replyLength: 1_500, history: 8 } as const;

export const StartLearningSession = z
  .object({
    mode: LearningMode,
    track: z.string().min(2).max(60).openapi({ description: "The content track, e.g. `net-prompting`" }),
  })
  .openapi("StartLearningSession");

export const AttemptInput = z
  .object({
    questionId: z.string().min(1).max(80),
    /** A choice key, a short answer, or code for a code exercise. */
    answer: z.string().min(1).max(TUTOR_LIMITS.answerLength),
  })
  .openapi("AttemptInput");

export const HintInput = z
  .object({
    questionId: z.string().min(1).max(80),
    /** The level asked for; the next one when left out. Asking again for a level already shown returns it again. */
    level: z.number().int().min(1).max(5).optional(),
  })
  .openapi("HintInput");

export const MessageInput = z
  .object({ text: z.string().trim().min(1).max(TUTOR_LIMITS.messageLength) })
  .openapi("MessageInput");

export const TutorEventType = z.enum(["presented", "attempt", "hint", "message", "complex_moment", "ended"]);
export type TutorEventType = z.infer<typeof TutorEventType>;

export const LessonRef = z.object({ id: z.string(), title: z.string(), summary: z.string() }).openapi("LessonRef");
export type LessonRef = z.infer<typeof LessonRef>;

/** One step of a session as the learner sees it again on resuming. */
export const TutorEvent = z
  .object({
    seq: z.number().int(),
    type: TutorEventType,
    at: z.string(),
    questionId: z.string().optional(),
    questionVersion: z.number().int().optional(),
    /** attempt */
    answer: z.string().optional(),
    correct: z.boolean().optional(),
    score: z.number().optional(),
    feedback: z.string().optional(),
    /** A code attempt scored by the worker: its submission, with the per-test results. */
    submissionId: z.string().optional(),
    /** hint */
    level: z.number().int().optional(),
    text: z.string().optional(),
    /** message: who spoke */
    from: z.enum(["learner", "tutor"]).optional(),
    /** complex_moment */
    reason: ComplexMomentReason.optional(),
    lesson: LessonRef.optional(),
    podNudge: z.string().optional(),
  })
  .openapi("TutorEvent");
export type TutorEvent = z.infer<typeof TutorEvent>;

/** The item in front of the learner, with where they are on its ladder. */
export const CurrentItem = z
  .object({
    question: LearnerQuestion,
    hintLevel: z.number().int(),
    /** The next level the learner may ask for, or null while an attempt is needed first (or after level 5). */
    nextHintLevel: z.number().int().nullable(),
    attempts: z.number().int(),
    solved: z.boolean(),
    /** Shown once solved or after level 5; null before. */
    explanation: z.string().nullable(),
    /** The right answer, shown once solved or after level 5. */
    answer: z.string().nullable(),
  })
  .openapi("CurrentItem");
export type CurrentItem = z.infer<typeof CurrentItem>;

export const MasteryVector = z
  .object({
    track: z.string(),
    tags: z.array(
      z.object({
        tag: z.string(),
        mastery: z.number(),
        /** attempted < 0.4 ≤ familiar < 0.6 ≤ proficient < 0.8 ≤ mastered */
        level: z.enum(["attempted", "familiar", "proficient", "mastered"]),
        attempts: z.number().int(),
        correct: z.number().int(),
      }),
    ),
    placedAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi("MasteryVector");
export type MasteryVector = z.infer<typeof MasteryVector>;

export const LearningSessionView = z
  .object({
    id: z.string(),
    mode: LearningMode,
    track: z.string(),
    status: z.enum(["active", "ended"]),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    itemsDone: z.number().int(),
    /** Diagnostic: items asked out of DIAGNOSTIC_ITEMS. */
    itemsPlanned: z.number().int().nullable(),
    score: z.number(),
    current: CurrentItem.nullable(),
    events: z.array(TutorEvent),
    hintLevels: z.array(z.object({ level: z.number().int(), name: z.string() })),
    hintWeights: z.array(z.number()),
    /** After a diagnostic: the first mastery vector. */
    mastery: MasteryVector.nullable(),
  })
  .openapi("LearningSession");
export type LearningSessionView = z.infer<typeof LearningSessionView>;

/** One line of a learner's list of sessions. */
export const LearningSessionSummary = LearningSessionView.pick({
  id: true,
  mode: true,
  track: true,
  status: true,
  startedAt: true,
  endedAt: true,
  itemsDone: true,
  score: true,
}).openapi("LearningSessionSummary");
