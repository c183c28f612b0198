// Code scoring's public face: submissions, their verdicts and feedback.
export * from "./model.js";
export { feedbackFor, getSubmission, SCORING_JOB_KIND, scoreSubmission, submitCode } from "./submissions.js";
