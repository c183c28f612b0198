// The tutor domain's module: it hears of reviews (a graded card moves mastery as an attempt does). Its traces live
// in the learner's partition, so export and erasure reach them without a step of their own, and they expire with
// the privacy TTL.
import { defineDomain } from "../domain/index.js";

export const tutorDomain = defineDomain({
  name: "tutor",
  events: {
    "srs.reviewed": async (p, payload) => {
      const { recordReview } = await import("./sessions.js");
      await recordReview(p, payload as { userId: string; questionId: string; track: string; score: number });
    },
  },
});
