export * from "./model.js";
export { enqueueJob, getJob, runJob, type JobHandler, type JobHandlers } from "./jobs.js";
