// The app: its name, and the stacks in the order their references run.
import { Aspects } from "aws-cdk-lib";
import type { SSTConfig } from "sst";
import { API } from "./stacks/api.js";
import { FUNCTION_DEFAULTS } from "./stacks/bundling.js";
import { Cdn } from "./stacks/cdn.js";
import { Jobs } from "./stacks/jobs.js";
import { Monitoring } from "./stacks/monitoring.js";
import { Queues } from "./stacks/queues.js";
import { LatestNodeRuntime, RetainLogs, ScopedLambdaLogs } from "./stacks/runtime.js";
import { Secrets } from "./stacks/secrets.js";
import { Storage } from "./stacks/storage.js";
import { Web } from "./stacks/web.js";

export default {
  config() {
    return { name: "pactly", region: "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps(FUNCTION_DEFAULTS);
    Aspects.of(app).add(new RetainLogs());
    Aspects.of(app).add(new LatestNodeRuntime());
    Aspects.of(app).add(new ScopedLambdaLogs(app.logicalPrefixedName("")));
    // Data of throw-away stages goes with them; production keeps its table and uploads.
    if (app.stage !== "prod") app.setDefaultRemovalPolicy("destroy");
    app.stack(Secrets).stack(Cdn).stack(Storage).stack(Queues).stack(Jobs).stack(API).stack(Web).stack(Monitoring);
  },
} satisfies SSTConfig;
