// Goals' public face: a learner's sprint goals with schedule, proof method, dates and status.
export { createGoal, getGoal, goalsWeeklySummary, listGoals, updateGoal } from "./goals.js";
export * from "./model.js";
export { pageWithPods, withPods } from "./pod.js";
export { assertTransition, GOAL_TRANSITIONS } from "./rules.js";
