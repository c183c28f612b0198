// The work queues (coach, scoring, tasks), each with its dead-letter queue and a worker Lambda that takes one message
// at a time.
//
// One message at a time = a FIFO queue + one message group (the queue adapter always sends MessageGroupId "all") +
// batch size 1 + reserved concurrency 1. FIFO matters: with a standard queue, reserved concurrency 1 does not stop
// Lambda's pollers from receiving several messages at once; the invocations beyond the first are throttled and the
// messages go back to the queue with their receive count raised, so healthy messages reach the dead-letter queue
// after a few throttles. A FIFO group hands out its next message only once the previous one is deleted, so the poller
// never holds more than the worker can take.
import { Duration } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { type Config, Queue, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { MAX_RECEIVE_COUNT, QUEUE_NAMES, type QueueName } from "../packages/core/src/platform/queue/port.js";
import { Cdn } from "./cdn.js";
import { platformFunctionProps, suppressPlatformWildcards } from "./runtime.js";
import { Secrets } from "./secrets.js";
import { Storage } from "./storage.js";

/** SQS hides a received message for this many times the worker's timeout, so a slow run is never handed out twice. */
export const VISIBILITY_PER_TIMEOUT = 6;

export function Queues(ctx: StackContext) {
  const { app, stack } = ctx;
  const { table, uploads, unsubscribeSecret } = use(Storage);
  const { webUrl, webOrigins } = use(Cdn);
  const secrets = use(Secrets);

  const workers = {
    coach: { timeoutSeconds: 60, memorySize: 512, bind: [secrets.OPENAI_API_KEY] },
    scoring: { timeoutSeconds: 30, memorySize: 1024, bind: [] },
    tasks: { timeoutSeconds: 120, memorySize: 512, bind: [secrets.STRIPE_SECRET_KEY] },
  } satisfies Record<QueueName, { timeoutSeconds: number; memorySize: number; bind: Config.Secret[] }>;

  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => {
      const deadLetters = new sqs.Queue(stack, `${name}DeadLetters`, {
        queueName: `${app.logicalPrefixedName(`${name}-dlq`)}.fifo`,
        fifo: true,
        retentionPeriod: Duration.days(14),
        // Refuses any request not made over TLS.
        enforceSSL: true,
      });
      const queue = new Queue(stack, name, {
        cdk: {
          queue: {
            fifo: true,
            enforceSSL: true,
            visibilityTimeout: Duration.seconds(workers[name].timeoutSeconds * VISIBILITY_PER_TIMEOUT),
            deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
          },
        },
      });
      return [name, queue];
    }),
  ) as Record<QueueName, Queue>;

  // Workers enqueue follow-up work on any queue, so each one is created once all queues exist.
  const resources = { table, uploads, queues, webUrl, webOrigins, mailFrom: secrets.MAIL_FROM, unsubscribeSecret };
  for (const name of QUEUE_NAMES) {
    const worker = new SstFunction(stack, `${name}Worker`, {
      handler: `packages/functions/src/workers/${name}.handler`,
      timeout: workers[name].timeoutSeconds,
      memorySize: workers[name].memorySize,
      reservedConcurrentExecutions: 1,
      ...platformFunctionProps(ctx, resources, workers[name].bind),
    });
    suppressPlatformWildcards(worker, app.stage);
    queues[name].addConsumer(stack, {
      cdk: { function: worker, eventSource: { batchSize: 1, reportBatchItemFailures: true } },
    });
  }

  return { queues };
}
