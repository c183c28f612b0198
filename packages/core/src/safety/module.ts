// The safety domain's module: its erasure step (reports keep no excerpt of an erased learner, nor their name as
// reporter) and its export section (the reports a learner made, the decisions about them and their appeals).
import { defineDomain } from "../domain/index.js";

export const safetyDomain = defineDomain({
  name: "safety",
  erase: async (p, userId) => (await import("./erasure.js")).eraseFromReports(p, userId),
  exportSection: async (p, userId) => (await import("./erasure.js")).safetyExport(p, userId),
});
