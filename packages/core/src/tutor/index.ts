// The tutor's public face: learning sessions (diagnostic and practice), the hint ladder, Socratic replies with the
// leak guard, complex moments, mastery and the adaptive path.
export { type CodeGrade, gradeCode } from "./code.js";
export { type ComplexMomentFlag, complexMomentsSince } from "./flags.js";
export { gradeAnswer, normaliseText, shortAnswerMatches } from "./grading.js";
export { leakIn, readings, secretsOf } from "./leak.js";
export {
  expectedScore,
  type MasteryLevel,
  masteryLevel,
  PRIOR_MASTERY,
  suitableDifficulty,
  updateTag,
} from "./mastery.js";
export * from "./model.js";
export { nextDiagnosticItem, nextPracticeItem } from "./path.js";
export type { AgendaFlagItem, LearningSessionItem, MasteryItem } from "./records.js";
export { intentOf, offlineReply, type ReplyContext, tutorReply } from "./replies.js";
export {
  currentVersionOf,
  endLearningSession,
  getLearningSession,
  hintLevelAfter,
  listLearningSessions,
  masteryVector,
  masteryVectors,
  nextHintLevel,
  nextItem,
  recordReview,
  recordSubmissionAttempt,
  requestHint,
  sendMessage,
  startLearningSession,
  submitAttempt,
  TUTOR_RATE_LIMITS,
} from "./sessions.js";
