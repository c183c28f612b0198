// The jobs function: every EventBridge schedule invokes it with {job, payload}.

import type { JobEvent } from "@pactly/core/platform";
import { createCloudPlatform } from "@pactly/core/platform/cloud";
import { loadConfig } from "@pactly/core/platform/config";
import { withSecrets } from "../cloud-env.js";
import { DOMAIN_MODULES } from "../domains.js";
import { runScheduledJob } from "./registry.js";

const platform = createCloudPlatform(loadConfig(await withSecrets(process.env)), { domains: DOMAIN_MODULES });

export const handler = async (event: JobEvent): Promise<void> => runScheduledJob(platform, event);
