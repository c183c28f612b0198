// Analytics' public face: a learner's progress.
export { analyticsDomain } from "./module.js";
export { Progress, progressOf, streaksOf } from "./progress.js";
