// Under `sst dev` the web app runs on the Vite dev server (localhost), another site than the distribution: what the
// stacks change for that, and only for that.
import type { Template } from "aws-cdk-lib/assertions";
import type { Distribution } from "aws-cdk-lib/aws-cloudfront";
import { getStack, StaticSite, type StaticSiteProps } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { API } from "../api.js";
import { Cdn, LOCAL_WEB_ORIGIN } from "../cdn.js";
import { Web } from "../web.js";
import { onlyResource, synthApp } from "./app.js";

let api: Template;

beforeAll(() => {
  api = synthApp({ mode: "dev" }).template(API);
});

describe("sst dev", () => {
  const env = () =>
    onlyResource(api, "AWS::Lambda::Function", (p) => p.Environment?.Variables?.PACTLY_RUNTIME)[1].Environment
      .Variables;

  it("lets the Vite dev server call the API with credentials, and only it besides the distribution", () => {
    const origins = env().PACTLY_CORS_ORIGINS["Fn::Join"][1];
    expect(origins.at(-1)).toBe(`,${LOCAL_WEB_ORIGIN}`);
  });

  it("sends the refresh cookie SameSite=None, the only way it reaches the API from localhost", () => {
    expect(env().PACTLY_COOKIE_SAMESITE).toBe("None");
  });

  it("points the Vite dev server at the distribution, which serves the API", () => {
    const site = getStack(Web)
      .node.findAll()
      .find((c): c is StaticSite => c instanceof StaticSite)!;
    const props = (site as unknown as { props: StaticSiteProps }).props;
    const distribution = getStack(Cdn).node.findChild("Distribution") as Distribution;
    expect(props.environment?.VITE_API_URL).toBe(`https://${distribution.distributionDomainName}`);
  });
});
