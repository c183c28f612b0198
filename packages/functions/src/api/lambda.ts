// The API's Lambda entry: the same app as locally, behind API Gateway (HTTP API, payload v2).

import { createCloudPlatform } from "@pactly/core/platform/cloud";
import { loadConfig } from "@pactly/core/platform/config";
import { handle } from "hono/aws-lambda";
import { withSecrets } from "../cloud-env.js";
import { DOMAIN_MODULES } from "../domains.js";
import { createApp } from "./app.js";

const platform = createCloudPlatform(loadConfig(await withSecrets(process.env)), { domains: DOMAIN_MODULES });
export const handler = handle(createApp(platform));
