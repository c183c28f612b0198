// Matching's public face: waitlist signals, compatibility scores, pod formation, suggestions and the pods' weekly slots.

export { firstFitPods } from "./baseline.js";
export {
  COMPATIBILITY_WEIGHTS,
  compatibility,
  groupCompatibility,
  SIZE_PENALTY,
  STYLE_AFFINITY,
  timezoneMatch,
} from "./compatibility.js";
export { EXACT_LIMIT, optimalPods } from "./exact.js";
export { describeSlot, describeSlots, type Explanation, explainCompatibility } from "./explain.js";
export { formPods } from "./formation.js";
export * from "./model.js";
export {
  assertSnapshots,
  languageOf,
  overlappingWindows,
  parseWaitlistSignals,
  snapshotSignals,
  snapshotWaitlist,
} from "./signals.js";
export { localComfort } from "./slots.js";
export { buildSuggestions, rankCandidates } from "./suggestions.js";
export {
  isKnownTimezone,
  type LocalSessionTime,
  localSessionTime,
  referenceOccurrence,
  referenceWeekOf,
  type ScheduledSession,
  sessionCalendar,
  sessionStarts,
  WeekClock,
} from "./week.js";
