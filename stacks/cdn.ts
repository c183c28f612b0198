// The front door: one CloudFront distribution serving the web app from a private bucket and, under /v1, the HTTP API,
// so the browser sees one site and keeps sending the SameSite=Lax refresh cookie.
//
// The HTTP API resource lives here, not in the API stack: the distribution needs its domain, and every function (API
// stack, workers, jobs) and the uploads bucket's CORS rule need the distribution's, so both must exist before them.
// Routes and the API function are added by stacks/api.ts. Nothing here refers to the distribution from the HTTP API
// (its CORS rule names no origin of the distribution), so the stack holds no cycle.
import { Duration, Fn } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { Api, type StackContext } from "sst/constructs";
import {
  API_CSP,
  COMMON_SECURITY_HEADERS,
  HSTS_SECONDS,
  WEB_CSP,
  WORKER_ASSET_PATTERN,
  WORKER_CSP,
} from "../packages/functions/src/api/security-headers.js";
import { edgeWebAcl } from "./waf.js";

/** How long the stage's access logs (S3 server access logs, CloudFront standard logs) are kept. */
export const ACCESS_LOG_DAYS = 90;

/**
 * A stage's own domain for the distribution, from `.env.<stage>`: PACTLY_DOMAIN_NAME (e.g. app.pactly.app) and,
 * optionally, PACTLY_CERTIFICATE_ARN, an ACM certificate for it in us-east-1. Without the ARN the stack requests one,
 * validated by DNS (the record to add is shown in ACM while the deploy waits). Viewers then need TLS 1.2 or later.
 */
export interface CustomDomain {
  domainName: string;
  certificateArn?: string;
}

export function customDomainFor(env: Record<string, string | undefined>): CustomDomain | undefined {
  const domainName = env.PACTLY_DOMAIN_NAME?.trim();
  const certificateArn = env.PACTLY_CERTIFICATE_ARN?.trim() || undefined;
  if (!domainName) {
    if (certificateArn)
      throw new Error("PACTLY_CERTIFICATE_ARN is set without PACTLY_DOMAIN_NAME, the domain it is for.");
    return undefined;
  }
  if (certificateArn && !/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(
      "PACTLY_CERTIFICATE_ARN must be an ACM certificate in us-east-1 (CloudFront takes no other region).",
    );
  }
  return { domainName, certificateArn };
}

/** The Vite dev server, allowed as an origin only under `sst dev`. */
export const LOCAL_WEB_ORIGIN = "http://localhost:5173";

/** The header CloudFront adds on its way to the API (see packages/functions/src/api/auth.ts, clientIp). */
export const EDGE_HEADER = "x-pactly-edge";

/** The header the edge writes with the viewer's address (see VIEWER_ADDRESS); the API trusts it with the edge secret. */
export const VIEWER_ADDRESS_HEADER = "x-pactly-viewer-address";

/**
 * Viewer-request function of the API behaviours: the viewer's address as CloudFront saw it, written by the edge
 * itself into a header of our own, replacing any copy the viewer sent. CloudFront-Viewer-Address cannot serve: the
 * origin request policy forwards viewer headers, so a viewer's own copy could reach the API, and unless CloudFront
 * is told to add it, the API would see the edge's address and every viewer behind one edge would share a limit.
 */
export const VIEWER_ADDRESS = `function handler(event) {
  var request = event.request;
  request.headers["${VIEWER_ADDRESS_HEADER}"] = { value: event.viewer.ip };
  return request;
}`;

/** Paths CloudFront sends to the HTTP API; everything else is the static site. */
export const API_PATHS = ["/v1/*", "/openapi.json", "/docs"];

/**
 * Viewer-request function of the static site: the app is a single-page app, so a path whose last segment has no file
 * extension is a client-side route and gets the app shell. Done per request rather than with the distribution's
 * custom error responses, which would apply to every behaviour and turn the API's own 403 and 404 answers into
 * index.html.
 */
export const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The security headers of a behaviour, the same the API sets itself (packages/functions/src/api/security-headers.ts).
 * `override` replaces what the origin sent (the static site sends none); the API's behaviours keep the API's own.
 */
function securityHeadersPolicy(scope: StackContext["stack"], id: string, csp: string, override: boolean) {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: `Security headers (${id})`,
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS_SECONDS),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: "Permissions-Policy", value: COMMON_SECURITY_HEADERS["Permissions-Policy"], override: true },
        {
          header: "Cross-Origin-Opener-Policy",
          value: COMMON_SECURITY_HEADERS["Cross-Origin-Opener-Policy"],
          override: true,
        },
      ],
    },
  });
}

export function Cdn({ app, stack }: StackContext) {
  // The stage's access logs: the site and uploads buckets' server access logs (s3/…) and the distribution's standard
  // logs (cloudfront/). CloudFront writes its logs with an object ACL, hence ACLs kept, owned by the bucket owner.
  const accessLogs = new s3.Bucket(stack, "AccessLogs", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [
      { id: "expire-access-logs", expiration: Duration.days(ACCESS_LOG_DAYS) },
      { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
  });
  NagSuppressions.addResourceSuppressions(accessLogs, [
    { id: "AwsSolutions-S1", reason: "This is the access-log bucket itself: logging it into itself would never end." },
  ]);

  const bucket = new s3.Bucket(stack, "SiteBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: "s3/site/",
  });

  // Browsers reach the API through the distribution, on the web app's origin, so they send no preflight. Under
  // `sst dev` the Vite dev server calls it from localhost; the Hono app answers those preflights (PACTLY_CORS_ORIGINS).
  const api = new Api(stack, "api", { cors: false });

  // A value only CloudFront and the API function know: a request carrying it came through the distribution, so the
  // viewer address the edge wrote (VIEWER_ADDRESS) can be trusted for per-IP limits. Anyone calling the execute-api
  // URL directly is limited by their own source address instead.
  const edgeSecret = new secretsmanager.Secret(stack, "EdgeSecret", {
    description: "Shared between CloudFront and the API: marks requests that came through the distribution",
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  const edgeSecretValue = edgeSecret.secretValue.unsafeUnwrap();
  NagSuppressions.addResourceSuppressions(edgeSecret, [
    {
      id: "AwsSolutions-SMG4",
      reason:
        "CloudFront's origin header and the API function both take the value at deploy time (a CloudFormation " +
        "dynamic reference): a scheduled rotation would reach neither and break the pairing. It is rolled by " +
        "replacing the secret and deploying; it only marks requests that came through the edge.",
    },
  ]);

  const apiHeaders = securityHeadersPolicy(stack, "ApiSecurityHeaders", API_CSP, false);
  const webHeaders = securityHeadersPolicy(stack, "WebSecurityHeaders", WEB_CSP, true);
  const workerHeaders = securityHeadersPolicy(stack, "WorkerSecurityHeaders", WORKER_CSP, true);

  const apiBehavior: cloudfront.BehaviorOptions = {
    responseHeadersPolicy: apiHeaders,
    // The HTTP API's own host name (https://<id>.execute-api.<region>.amazonaws.com → <id>.execute-api…).
    origin: new HttpOrigin(Fn.select(2, Fn.split("/", api.url)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [EDGE_HEADER]: edgeSecretValue },
    }),
    // A token sent over plain HTTP is already exposed; refusing it beats redirecting and carrying on.
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    // Every header (Authorization, Cookie, Stripe-Signature, Idempotency-Key…), cookie and query string, but not
    // Host: API Gateway routes on its own host name. Bodies always pass through untouched, so Stripe's signature
    // over the raw body still verifies.
    originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    functionAssociations: [
      {
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(stack, "ViewerAddress", {
          code: cloudfront.FunctionCode.fromInline(VIEWER_ADDRESS),
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          comment: "The viewer's address, written by the edge for the API's per-IP limits",
        }),
      },
    ],
  };

  const domain = customDomainFor(process.env);
  const certificate =
    domain &&
    (domain.certificateArn
      ? acm.Certificate.fromCertificateArn(stack, "Certificate", domain.certificateArn)
      : new acm.Certificate(stack, "Certificate", {
          domainName: domain.domainName,
          validation: acm.CertificateValidation.fromDns(),
        }));

  const siteOrigin = S3BucketOrigin.withOriginAccessControl(bucket);
  const distribution = new cloudfront.Distribution(stack, "Distribution", {
    defaultRootObject: "index.html",
    enableLogging: true,
    logBucket: accessLogs,
    logFilePrefix: "cloudfront/",
    ...(domain && certificate
      ? {
          domainNames: [domain.domainName],
          certificate,
          minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          sslSupportMethod: cloudfront.SSLMethod.SNI,
        }
      : {}),
    webAclId: edgeWebAcl({ app, stack }),
    defaultBehavior: {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy: webHeaders,
      functionAssociations: [
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(stack, "SpaRewrite", {
            code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
            runtime: cloudfront.FunctionRuntime.JS_2_0,
            comment: "Client-side routes get the app shell",
          }),
        },
      ],
    },
    additionalBehaviors: {
      ...Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
      // The tutor's visible-tests worker runs the learner's code in their browser: it may evaluate script and
      // nothing else (a worker follows its own script's policy, so the page's stays strict).
      [WORKER_ASSET_PATTERN]: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: workerHeaders,
      },
    },
  });

  if (!domain) {
    NagSuppressions.addResourceSuppressions(distribution, [
      {
        id: "AwsSolutions-CFR4",
        reason:
          "This stage has no domain of its own (PACTLY_DOMAIN_NAME): the default *.cloudfront.net certificate " +
          "cannot be given a minimum protocol version. A stage with a domain and its certificate requires TLS 1.2.",
      },
    ]);
  }

  /** The one public URL: the web app, and the API under /v1. */
  const webUrl = `https://${domain ? domain.domainName : distribution.distributionDomainName}`;
  const webOrigins = app.mode === "dev" ? [webUrl, LOCAL_WEB_ORIGIN] : [webUrl];
  stack.addOutputs({ WebUrl: webUrl, ExecuteApiUrl: api.url });
  return { bucket, accessLogs, distribution, api, webUrl, webOrigins, edgeSecretValue };
}
