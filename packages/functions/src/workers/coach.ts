// SQS worker for the AI coach: agendas, notes, action items, quizzes; one message at a time (FIFO, one group, batch size 1).

import { createCloudPlatform } from "@pactly/core/platform/cloud";
import { loadConfig } from "@pactly/core/platform/config";
import { withSecrets } from "../cloud-env.js";
import { DOMAIN_MODULES } from "../domains.js";
import { jobHandlersFor } from "./handlers.js";
import { jobWorker } from "./job-worker.js";

const platform = createCloudPlatform(loadConfig(await withSecrets(process.env)), { domains: DOMAIN_MODULES });
export const handler = jobWorker(platform, jobHandlersFor(platform, "coach"));
