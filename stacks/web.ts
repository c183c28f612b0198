// The web app (packages/web, Vite): built and uploaded to the bucket behind the Cdn stack's distribution, with the
// API URL baked in as VITE_API_URL. The build runs in SST's deferred tasks, which only `sst deploy` runs, never synth.
import path from "node:path";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { useProject } from "sst/project.js";
import { API } from "./api.js";
import { Cdn, LOCAL_WEB_ORIGIN } from "./cdn.js";

const SITE_PATH = "packages/web";

export function Web({ stack }: StackContext) {
  const { bucket, distribution } = use(Cdn);
  const { api } = use(API);

  const site = new StaticSite(stack, "web", {
    path: SITE_PATH,
    buildCommand: "pnpm run build",
    buildOutput: "dist",
    environment: { VITE_API_URL: api.url },
    // SST writes an `ImportMetaEnv` declaration for the variables above; keep it in the build folder rather than
    // in the web package's sources.
    vite: { types: path.relative(path.resolve(SITE_PATH), path.join(useProject().paths.out, "types", "web-env.d.ts")) },
    dev: { url: LOCAL_WEB_ORIGIN },
    cdk: { bucket, distribution },
  });

  stack.addOutputs({ WebUrl: site.url ?? "" });
  return { site };
}
