// Spaced repetition's public face: review cards from the questions a learner met, SM-2 and FSRS, due reviews.
export {
  addKeyPointCards,
  addLessonKeyPoints,
  dueQuestionIds,
  dueReviews,
  ensureQuestionCard,
  gradeCard,
  keyPointCardId,
  questionCardId,
  REVIEW_SCORE,
  REVIEWED_EVENT,
  reviewDays,
  undoReview,
} from "./cards.js";
export * from "./model.js";
export { nextReminderTime, REMINDER_HOUR, scheduleReviewReminder, sendDueReviewReminders } from "./reminders.js";
export { grade, newSchedule } from "./schedulers.js";
export { nextEase, SM2_START, sm2 } from "./sm2.js";
