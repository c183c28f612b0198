// The scoring domain's module: the scoring queue's one job kind, a submission run in the sandbox. Submissions live in
// the learner's partition, so export and erasure reach them.
import { defineDomain } from "../domain/index.js";

export const scoringDomain = defineDomain({
  name: "scoring",
  queueJobs: {
    scoring: {
      "scoring.submission": async (p, job) => (await import("./submissions.js")).scoreSubmission(p, job),
    },
  },
});
