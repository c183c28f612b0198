// The single DynamoDB table (shaped by core's table definition) and the uploads bucket browsers reach by presigned URL.
import { Duration } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Bucket, type StackContext, Table, use } from "sst/constructs";
import { keyAttributeNames, tableDefinition } from "../packages/core/src/platform/store/table.js";
import { Cdn } from "./cdn.js";

export function Storage({ stack }: StackContext) {
  const { webOrigins } = use(Cdn);

  const table = new Table(stack, "table", {
    fields: Object.fromEntries(keyAttributeNames().map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(tableDefinition.indexes).map(([name, keys]) => [name, { ...keys, projection: "all" as const }]),
    ),
    timeToLiveAttribute: tableDefinition.ttlAttribute,
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
        allowedMethods: ["GET", "PUT", "HEAD"],
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
        // Abandoned multipart uploads otherwise keep costing storage.
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      },
    },
  });

  return { table, uploads };
}
