// The goals domain's module: its records live under the user's partition (export and erasure cover them); it adds
// the learner's active goals to the weekly summary.
import { defineDomain } from "../domain/index.js";

export const goalsDomain = defineDomain({
  name: "goals",
  weeklySummary: async (p, userId) => (await import("./goals.js")).goalsWeeklySummary(p, userId),
});
