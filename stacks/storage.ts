// The single DynamoDB table (shaped by core's table definition) and the uploads bucket browsers reach by presigned URL.

import { Duration } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { Bucket, type StackContext, Table, use } from "sst/constructs";
import { TEMPORARY_TAG } from "../packages/core/src/platform/blob/port.js";
import { keyAttributeNames, tableDefinition } from "../packages/core/src/platform/store/table.js";
import { Cdn } from "./cdn.js";

export function Storage({ stack }: StackContext) {
  const { webOrigins, accessLogs } = use(Cdn);

  const table = new Table(stack, "table", {
    fields: Object.fromEntries(keyAttributeNames().map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(tableDefinition.indexes).map(([name, keys]) => [name, { ...keys, projection: "all" as const }]),
    ),
    timeToLiveAttribute: tableDefinition.ttlAttribute,
    // New items' images feed the outbox dispatcher (stacks/jobs.ts).
    stream: tableDefinition.streamView === "NEW_IMAGE" ? "new_image" : true,
    cdk: {
      table: {
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        // SST sets the deprecated `pointInTimeRecovery` flag; CDK refuses both forms at once, so clear it.
        pointInTimeRecovery: undefined,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      },
    },
  });

  const uploads = new Bucket(stack, "uploads", {
    // Browsers upload and download straight from S3 with presigned URLs issued by the API.
    cors: [
      {
        allowedOrigins: webOrigins,
        // POST: proof of effort is a browser form upload under a presigned POST policy.
        allowedMethods: ["GET", "PUT", "POST", "HEAD"],
        allowedHeaders: ["*"],
        exposedHeaders: ["ETag"],
        maxAge: "1 hour",
      },
    ],
    cdk: {
      bucket: {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        // Server access logs go to the stage's log bucket (stacks/cdn.ts), which keeps them for ACCESS_LOG_DAYS.
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: "s3/uploads/",
        lifecycleRules: [
          // Abandoned multipart uploads otherwise keep costing storage.
          { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
          // Exports (users/<id>/exports/…, links valid 15 minutes) are written with this tag: a prefix filter cannot
          // reach them under every user's folder. Untagged objects are kept.
          {
            id: "expire-temporary-objects",
            tagFilters: { [TEMPORARY_TAG.key]: TEMPORARY_TAG.value },
            expiration: Duration.days(1),
          },
        ],
      },
    },
  });

  // Signs one-click unsubscribe links: one per stage, shared by every function that sends or checks them, so a link
  // keeps working across deploys and instances.
  const unsubscribe = new secretsmanager.Secret(stack, "UnsubscribeSecret", {
    description: "Signs one-click unsubscribe links (HMAC-SHA256)",
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  NagSuppressions.addResourceSuppressions(unsubscribe, [
    {
      id: "AwsSolutions-SMG4",
      reason:
        "Unsubscribe links already sent by email must keep working, so the key is not rotated on a schedule; the " +
        "functions also read it once, at deploy time (a CloudFormation dynamic reference).",
    },
  ]);

  return { table, uploads, unsubscribeSecret: unsubscribe.secretValue.unsafeUnwrap() };
}
