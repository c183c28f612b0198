// The platform of a cloud function: S3, SQS, the EventBridge Scheduler and SES, each loaded on its first call. Cloud
// entry points import this file, not create.ts, so the local adapters are not in their bundles.
import type { BlobStore } from "./blob/port.js";
import type { Config } from "./config.js";
import { instrumentMailer, instrumentPayments } from "./instrument.js";
import { lazyAdapter, loadOnce } from "./lazy.js";
import type { Mailer } from "./mail/port.js";
import { type Platform, type PlatformOverrides, platformBase, unconfiguredPayments } from "./platform.js";
import type { Queue } from "./queue/port.js";
import type { Scheduler } from "./scheduler/port.js";

export function createCloudPlatform(config: Config, overrides: PlatformOverrides = {}): Platform {
  const { schedulerRoleArn: roleArn, jobsFunctionArn } = config;
  if (!roleArn || !jobsFunctionArn) {
    throw new Error("PACTLY_SCHEDULER_ROLE_ARN and PACTLY_JOBS_FUNCTION_ARN are required in the cloud.");
  }
  const { region } = config;
  const blobOptions = { bucket: config.bucketName, region, endpoint: config.s3Endpoint };
  const blob: BlobStore = lazyAdapter(
    loadOnce(async () => new (await import("./blob/s3.js")).S3Blob(blobOptions)),
    {
      put: true,
      get: true,
      head: true,
      delete: true,
      deletePrefix: true,
      presignPut: true,
      presignPost: true,
      presignGet: true,
      ping: true,
    },
  );
  const { stripe, ...base } = platformBase(config, overrides, blob);
  const ids = base.ids;
  const queue: Queue = lazyAdapter(
    loadOnce(async () => new (await import("./queue/sqs.js")).SqsQueue({ region, queueUrls: config.queueUrls, ids })),
    { send: true },
  );
  const scheduler: Scheduler = lazyAdapter(
    loadOnce(
      async () =>
        new (await import("./scheduler/eventbridge.js")).EventBridgeScheduler({
          region,
          group: config.schedulerGroup,
          roleArn,
          jobsFunctionArn,
        }),
    ),
    { at: true, recurring: true, delete: true },
  );
  const mail: Mailer = lazyAdapter(
    loadOnce(async () => new (await import("./mail/ses.js")).SesMailer({ region, from: config.mailFrom })),
    { send: true },
  );
  return {
    ...base,
    payments: instrumentPayments(overrides.payments ?? stripe ?? unconfiguredPayments(), config.stage),
    queue,
    scheduler,
    mail: instrumentMailer(mail, config.stage),
  };
}
