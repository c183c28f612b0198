// The web app (packages/web, Vite): built and uploaded to the bucket behind the Cdn stack's distribution. The build
// runs in SST's deferred tasks, which only `sst deploy` runs, never synth.
import path from "node:path";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { useProject } from "sst/project.js";
import { Cdn, LOCAL_WEB_ORIGIN } from "./cdn.js";

const SITE_PATH = "packages/web";

export function Web({ app, stack }: StackContext) {
  const { bucket, distribution, webUrl } = use(Cdn);

  const site = new StaticSite(stack, "web", {
    path: SITE_PATH,
    buildCommand: "pnpm run build",
    buildOutput: "dist",
    // Deployed, the API is on the app's own origin (the distribution's /v1 behaviour): no base URL, no CORS, and the
    // refresh cookie is first-party. Under `sst dev` the Vite dev server on localhost calls the distribution.
    environment: { VITE_API_URL: app.mode === "dev" ? webUrl : "" },
    // SST writes an `ImportMetaEnv` declaration for the variables above; keep it in the build folder rather than
    // in the web package's sources.
    vite: { types: path.relative(path.resolve(SITE_PATH), path.join(useProject().paths.out, "types", "web-env.d.ts")) },
    dev: { url: LOCAL_WEB_ORIGIN },
    cdk: { bucket, distribution },
  });

  stack.addOutputs({ WebUrl: site.url ?? "" });
  return { site };
}
