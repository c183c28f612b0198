// The outbox dispatcher's Lambda entry: the table's stream, filtered to new outbox effects, in batches.

import { createCloudPlatform } from "@pactly/core/platform/cloud";
import { loadConfig } from "@pactly/core/platform/config";
import { withSecrets } from "../cloud-env.js";
import { DOMAIN_MODULES } from "../domains.js";
import { effectStreamHandler } from "./stream.js";

const platform = createCloudPlatform(loadConfig(await withSecrets(process.env)), { domains: DOMAIN_MODULES });
export const handler = effectStreamHandler(platform);
