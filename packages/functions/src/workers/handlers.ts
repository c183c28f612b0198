// Which core function runs each kind of queued job, per queue. Domains add their kinds here.
import type { JobHandlers } from "@pactly/core/jobs";
import type { QueueName } from "@pactly/core/platform";
import { EXPORT_JOB_KIND, runExport } from "@pactly/core/privacy";

export const jobHandlers: Record<QueueName, JobHandlers> = {
  coach: {},
  scoring: {},
  tasks: {
    [EXPORT_JOB_KIND]: runExport,
  },
};
