// The composition root of the local runtime, the tests and the scripts: the cloud platform in the cloud
// (cloud.ts), else the in-store queue, scheduler, outbox and checkout page, and S3 (the emulator) built at once.
import { S3Blob } from "./blob/s3.js";
import { createCloudPlatform } from "./cloud.js";
import type { Config } from "./config.js";
import { instrumentMailer, instrumentPayments } from "./instrument.js";
import { OutboxMailer } from "./mail/outbox.js";
import { LocalPayments } from "./payments/local.js";
import { type Platform, type PlatformOverrides, platformBase } from "./platform.js";
import { StoreQueue } from "./queue/local.js";
import { StoreScheduler } from "./scheduler/local.js";

export function createPlatform(config: Config, overrides: PlatformOverrides = {}): Platform {
  if (config.runtime === "aws") return createCloudPlatform(config, overrides);
  const blob = new S3Blob({ bucket: config.bucketName, region: config.region, endpoint: config.s3Endpoint });
  const { stripe, ...base } = platformBase(config, overrides, blob);
  const { store, clock, ids } = base;
  const localPayments =
    overrides.payments || stripe
      ? undefined
      : new LocalPayments(store, clock, ids, config.apiUrl, config.localWebhookSecret);
  const local = {
    queue: new StoreQueue(store, clock, ids),
    scheduler: new StoreScheduler(store, clock),
    outbox: new OutboxMailer(store, clock, ids, config.mailFrom),
    ...(localPayments ? { payments: localPayments } : {}),
  };
  return {
    ...base,
    payments: instrumentPayments(overrides.payments ?? stripe ?? localPayments!, config.stage),
    queue: local.queue,
    scheduler: local.scheduler,
    mail: instrumentMailer(local.outbox, config.stage),
    local,
  };
}
