// The optional web application firewall in front of the CloudFront distribution: a per-stage setting, off unless
// turned on (on by default in prod only). The web ACL lives in the Cdn stack, beside the distribution that names it:
// turning it on or off changes one stack, and no cross-stack export of its ARN holds it in place.
//
// CloudFront takes only web ACLs of scope CLOUDFRONT, and AWS keeps those in us-east-1: the app deploys there
// (sst.config.ts), and a stage deployed to another region with the firewall on is refused at synthesis rather than
// failing halfway through a deploy.
import type { Stack } from "aws-cdk-lib";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";

/** The only region where CloudFront's web ACLs can be created. */
export const WAF_REGION = "us-east-1";

/** Requests one address may make in five minutes before the firewall blocks it, unless the stage sets its own. */
export const DEFAULT_RATE_LIMIT = 2000;

/** AWS accepts 10 to 2,000,000,000 requests per evaluation window. */
const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 };

/** Rate-based rules count over this window (seconds). */
export const RATE_WINDOW_SECONDS = 300;

/** The label the core rule set's SizeRestrictions_BODY rule puts on a request whose body is over 8 KB. */
export const OVERSIZE_BODY_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/** Paths whose bodies the API itself limits (PACTLY_MAX_BODY_BYTES, 1 MiB by default, answered with 413). */
export const API_BODY_PREFIX = "/v1/";

/** What the web ACL needs of the SST app: the stage, and its way of naming resources. */
export interface StageNaming {
  stage: string;
  logicalPrefixedName(name: string): string;
}

export interface WafSettings {
  enabled: boolean;
  /** Requests per viewer address per five minutes. */
  rateLimit: number;
}

/**
 * The stage's firewall settings, from `.env.<stage>` (which SST loads when deploying):
 * - `PACTLY_WAF`: `on` or `off`; unset, on for prod and off for every other stage;
 * - `PACTLY_WAF_RATE_LIMIT`: requests per address per five minutes (default 2000).
 */
export function wafSettings(stage: string, env: Record<string, string | undefined>): WafSettings {
  const flag = env.PACTLY_WAF?.trim().toLowerCase();
  if (flag && flag !== "on" && flag !== "off") {
    throw new Error(`PACTLY_WAF must be "on" or "off", not "${env.PACTLY_WAF}".`);
  }
  const enabled = flag ? flag === "on" : stage === "prod";
  const raw = env.PACTLY_WAF_RATE_LIMIT?.trim();
  const rateLimit = raw ? Number(raw) : DEFAULT_RATE_LIMIT;
  if (!Number.isInteger(rateLimit) || rateLimit < RATE_LIMIT_RANGE.min || rateLimit > RATE_LIMIT_RANGE.max) {
    throw new Error(
      `PACTLY_WAF_RATE_LIMIT must be a whole number of requests from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}, not "${raw}".`,
    );
  }
  return { enabled, rateLimit };
}

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const managedRuleGroup = (
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name, ruleActionOverrides } },
  visibilityConfig: visibility(name),
});

/**
 * The distribution's web ACL when the stage turns the firewall on, else nothing. Returns its ARN, which is what a
 * CloudFront distribution's `webAclId` takes for AWS WAF (v2).
 */
export function edgeWebAcl({ app, stack }: { app: StageNaming; stack: Stack }): string | undefined {
  const settings = wafSettings(app.stage, process.env);
  if (!settings.enabled) return undefined;
  if (stack.region !== WAF_REGION) {
    throw new Error(
      `PACTLY_WAF=on needs the app in ${WAF_REGION}, where CloudFront's web ACLs live; this stage deploys to ${stack.region}. Turn it off (PACTLY_WAF=off) or deploy to ${WAF_REGION}.`,
    );
  }
  const acl = new wafv2.CfnWebACL(stack, "EdgeWebAcl", {
    name: app.logicalPrefixedName("edge"),
    description: "In front of the distribution: per-address rate limit and AWS managed rules",
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    visibilityConfig: visibility(app.logicalPrefixedName("edge")),
    rules: [
      {
        name: "RateLimitPerAddress",
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: settings.rateLimit,
            aggregateKeyType: "IP",
            evaluationWindowSec: RATE_WINDOW_SECONDS,
          },
        },
        visibilityConfig: visibility("RateLimitPerAddress"),
      },
      // Bodies over 8 KB are only counted (and labelled): the API accepts bodies up to PACTLY_MAX_BODY_BYTES
      // (1 MiB by default) — tutor answers of up to 20,000 characters, content pack imports, Stripe events — and
      // answers a bigger one with 413 itself.
      managedRuleGroup("AWSManagedRulesCommonRuleSet", 1, [
        { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
      ]),
      managedRuleGroup("AWSManagedRulesKnownBadInputsRuleSet", 2),
      // What the counted rule would have blocked, outside the API: the static site takes no bodies at all.
      {
        name: "OversizeBodyOutsideApi",
        priority: 3,
        action: { block: {} },
        statement: {
          andStatement: {
            statements: [
              { labelMatchStatement: { scope: "LABEL", key: OVERSIZE_BODY_LABEL } },
              {
                notStatement: {
                  statement: {
                    byteMatchStatement: {
                      fieldToMatch: { uriPath: {} },
                      positionalConstraint: "STARTS_WITH",
                      searchString: API_BODY_PREFIX,
                      textTransformations: [{ priority: 0, type: "NONE" }],
                    },
                  },
                },
              },
            ],
          },
        },
        visibilityConfig: visibility("OversizeBodyOutsideApi"),
      },
    ],
  });
  return acl.attrArn;
}
