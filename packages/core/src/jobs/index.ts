export { enqueueJob, getJob, type JobHandler, type JobHandlers, runJob } from "./jobs.js";
export * from "./model.js";
