// The web app's hosting: a private bucket behind CloudFront. It is a stack of its own, deployed before the API, so
// the API's CORS rule and every function's PACTLY_WEB_URL can name the web origin while the web build (stacks/web.ts)
// still receives the API URL: one StaticSite owning both the distribution and the build would make a cycle.
import { Duration } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { StackContext } from "sst/constructs";

/** The Vite dev server, allowed as an origin only under `sst dev`. */
export const LOCAL_WEB_ORIGIN = "http://localhost:5173";

export function Cdn({ app, stack }: StackContext) {
  const bucket = new s3.Bucket(stack, "SiteBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
  });

  // The app is a single-page app: a path the bucket does not hold (403 through OAC, or 404) serves index.html
  // and the client router takes over.
  const spaFallback = [403, 404].map((httpStatus) => ({
    httpStatus,
    responseHttpStatus: 200,
    responsePagePath: "/index.html",
    ttl: Duration.seconds(0),
  }));

  const distribution = new cloudfront.Distribution(stack, "Distribution", {
    defaultRootObject: "index.html",
    errorResponses: spaFallback,
    defaultBehavior: {
      origin: S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
    },
  });

  const webUrl = `https://${distribution.distributionDomainName}`;
  const webOrigins = app.mode === "dev" ? [webUrl, LOCAL_WEB_ORIGIN] : [webUrl];
  stack.addOutputs({ WebUrl: webUrl });
  return { bucket, distribution, webUrl, webOrigins };
}
