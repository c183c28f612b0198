// Review cards and their grades. A card comes from a question the learner met; grading it schedules the next
// review with the learner's algorithm (FSRS or SM-2), and the last grade can be undone.
import { z } from "../platform/schema.js";

/** The four buttons a learner grades with; each algorithm reads them on its own scale. */
export const ReviewGrade = z.enum(["again", "hard", "good", "easy"]);
export type ReviewGrade = z.infer<typeof ReviewGrade>;

/** SM-2's quality 0–5 for each button: "again" is a lapse (below 3), the others pass at 3, 4 and 5. */
export const SM2_QUALITY: Record<ReviewGrade, number> = { again: 1, hard: 3, good: 4, easy: 5 };

/** At most this many reviews a day, in the learner's timezone, so a backlog never buries them. */
export const DAILY_REVIEW_CAP = 50;

export const GradeInput = z.object({ grade: ReviewGrade }).openapi("ReviewGradeInput");

export const ReviewCard = z
  .object({
    id: z.string(),
    track: z.string(),
    /** The question the card recalls, or null for a lesson's key point. */
    questionId: z.string().nullable(),
    /** The lesson whose key point the card recalls, or null for a question's card. */
    lessonId: z.string().nullable(),
    /** The question as the learner met it, or the key point's question (Markdown). */
    front: z.string(),
    /** The answer and its explanation: the card is for recall, so the back is the learner's to check. */
    back: z.string(),
    algorithm: z.enum(["sm2", "fsrs"]),
    dueAt: z.string(),
    reviews: z.number().int(),
    lapses: z.number().int(),
    lastReviewedAt: z.string().nullable(),
    /** Whether the last grade can be undone. */
    canUndo: z.boolean(),
  })
  .openapi("ReviewCard");
export type ReviewCard = z.infer<typeof ReviewCard>;

export const DueReviews = z
  .object({
    items: z.array(ReviewCard),
    /** Due now in all, beyond what today's cap shows (counted up to 200). */
    dueCount: z.number().int(),
    /** More are due than `dueCount` says ("200+"). */
    dueCountIsLowerBound: z.boolean(),
    reviewedToday: z.number().int(),
    dailyCap: z.number().int(),
  })
  .openapi("DueReviews");

export const KeyPointCards = z
  .object({
    lessonId: z.string(),
    /** Cards made now; adding the same lesson again makes none. */
    added: z.number().int(),
    /** The lesson's key points in the learner's reviews, now or before. */
    total: z.number().int(),
    /** When the first of them comes back. */
    firstDueAt: z.string().nullable(),
  })
  .openapi("KeyPointCards");
export type KeyPointCards = z.infer<typeof KeyPointCards>;
