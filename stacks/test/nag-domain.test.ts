// A stage with its own domain: the distribution answers on it with its certificate and requires TLS 1.2, so the
// AwsSolutions-CFR4 suppression of stages without one is not there.

import { Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { getStack } from "sst/constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { Cdn, customDomainFor } from "../cdn.js";
import { type Cfn, onlyResource, synthApp } from "./app.js";

const DOMAIN = "app.pactly.example";
let cdn: Template;
let annotations: Annotations;

// Synthesizing every stack and checking it takes a while on a busy two-core machine.
beforeAll(() => {
  const { app } = synthApp({ env: { PACTLY_DOMAIN_NAME: DOMAIN } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  cdn = Template.fromStack(getStack(Cdn));
  annotations = Annotations.fromStack(getStack(Cdn));
}, 180_000);

describe("a stage's own domain", () => {
  it("serves the distribution on it with a DNS-validated certificate, TLS 1.2 at least, by SNI", () => {
    const [certId, cert] = onlyResource(cdn, "AWS::CertificateManager::Certificate", () => true);
    expect(cert).toMatchObject({ DomainName: DOMAIN, ValidationMethod: "DNS" });
    const config = onlyResource(cdn, "AWS::CloudFront::Distribution", () => true)[1].DistributionConfig as Cfn;
    expect(config.Aliases).toEqual([DOMAIN]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: { Ref: certId },
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
  });

  it("leaves nothing for cdk-nag's CFR4 to find, and no CFR4 suppression", () => {
    expect(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-CFR4"))).toEqual([]);
    const distribution = Object.values(cdn.findResources("AWS::CloudFront::Distribution"))[0] as Cfn;
    expect(JSON.stringify(distribution.Metadata ?? {})).not.toContain("AwsSolutions-CFR4");
  });

  it("takes an existing certificate by ARN, which must be in us-east-1, and refuses a certificate without domain", () => {
    const arn = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-123456789012";
    expect(customDomainFor({ PACTLY_DOMAIN_NAME: DOMAIN, PACTLY_CERTIFICATE_ARN: arn })).toEqual({
      domainName: DOMAIN,
      certificateArn: arn,
    });
    expect(() =>
      customDomainFor({ PACTLY_DOMAIN_NAME: DOMAIN, PACTLY_CERTIFICATE_ARN: arn.replace("us-east-1", "eu-west-1") }),
    ).toThrow(/us-east-1/);
    expect(() => customDomainFor({ PACTLY_CERTIFICATE_ARN: arn })).toThrow(/PACTLY_DOMAIN_NAME/);
    expect(customDomainFor({})).toBeUndefined();
  });
});
