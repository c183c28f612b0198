// The privacy domain's module: the export job on the tasks queue (erasure itself fans out to the other modules).
import { defineDomain } from "../domain/index.js";

/** The queued job that writes a user's export (tasks queue). */
export const EXPORT_JOB_KIND = "privacy.export";

export const privacyDomain = defineDomain({
  name: "privacy",
  queueJobs: { tasks: { [EXPORT_JOB_KIND]: async (p, job) => (await import("./export.js")).runExport(p, job) } },
});
