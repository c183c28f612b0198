// SQS worker for background tasks: exports and other long work; one message at a time (FIFO, one group, batch size 1).

import { createPlatform, loadConfig } from "@pactly/core/platform";
import { withSecrets } from "../cloud-env.js";
import { jobHandlers } from "./handlers.js";
import { jobWorker } from "./job-worker.js";

export const handler = jobWorker(createPlatform(loadConfig(await withSecrets(process.env))), jobHandlers.tasks);
