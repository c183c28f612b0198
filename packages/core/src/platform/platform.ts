// The composition root: picks the cloud or local adapter for every port from the config.

import type { DomainModule } from "../domain/index.js";
import type { BlobStore } from "./blob/port.js";
import { S3Blob } from "./blob/s3.js";
import { CircuitBreaker } from "./breaker.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { unavailable } from "./errors.js";
import { type IdGenerator, ulidGenerator } from "./ids.js";
import { instrumentLlm, instrumentMailer, instrumentPayments } from "./instrument.js";
import { OpenAiCompatibleLlm } from "./llm/openai.js";
import type { Llm } from "./llm/port.js";
import { createLogger, type Logger } from "./logging.js";
import { OutboxMailer } from "./mail/outbox.js";
import type { Mailer } from "./mail/port.js";
import { SesMailer } from "./mail/ses.js";
import { LocalPayments } from "./payments/local.js";
import type { PaymentsProvider } from "./payments/port.js";
import { StripePayments } from "./payments/stripe.js";
import { StoreQueue } from "./queue/local.js";
import type { Queue } from "./queue/port.js";
import { SqsQueue } from "./queue/sqs.js";
import type { CodeRunner } from "./runner/port.js";
import { EventBridgeScheduler } from "./scheduler/eventbridge.js";
import { StoreScheduler } from "./scheduler/local.js";
import type { Scheduler } from "./scheduler/port.js";
import { DynamoStore } from "./store/dynamo.js";
import type { Store } from "./store/port.js";
import { setTelemetrySink, telemetrySinkFor } from "./tracing.js";

/** Everything a domain needs from the outside world, passed in explicitly. */
export interface Platform {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  store: Store;
  blob: BlobStore;
  queue: Queue;
  scheduler: Scheduler;
  mail: Mailer;
  /** The language model, when one is configured; the tutor and coach fall back to their offline versions. */
  llm?: Llm;
  /** Deposits and refunds: Stripe when keys are configured, else the local checkout page. */
  payments: PaymentsProvider;
  /** The sandbox learner code runs in. */
  runner: CodeRunner;
  breakers: Map<string, CircuitBreaker>;
  /** The domains this process serves, from the one list at the composition root; nothing registers on import. */
  domains: readonly DomainModule<string>[];
  /** Present only in the local runtime (and tests): the in-store adapters, for the runners and /dev pages. */
  local?: { queue: StoreQueue; scheduler: StoreScheduler; outbox: OutboxMailer; payments?: LocalPayments };
}

export interface PlatformOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  log?: Logger;
  domains?: readonly DomainModule<string>[];
  llm?: Llm;
  runner?: CodeRunner;
  payments?: PaymentsProvider;
}

export function createPlatform(config: Config, overrides: PlatformOverrides = {}): Platform {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? ulidGenerator(clock);
  setTelemetrySink(telemetrySinkFor(config.telemetry));
  const log = overrides.log ?? createLogger({ level: config.logLevel, bindings: { stage: config.stage } });
  const store = new DynamoStore({
    tableName: config.tableName,
    region: config.region,
    endpoint: config.dynamoEndpoint,
    cursorSecret: config.cursorSecret,
  });
  const blob = new S3Blob({ bucket: config.bucketName, region: config.region, endpoint: config.s3Endpoint });
  const breakers = new Map<string, CircuitBreaker>();
  const domains = overrides.domains ?? [];
  const rawLlm = overrides.llm ?? (config.llm ? new OpenAiCompatibleLlm(config.llm) : undefined);
  // Every model, payment and mail call is a span and counts in the metrics (instrument.ts).
  const llm = rawLlm ? instrumentLlm(rawLlm, config.stage) : undefined;
  const runner = overrides.runner ?? lazyRunner(config.judge0);
  const stripe = config.stripe ? new StripePayments(config.stripe, clock) : undefined;
  const localPayments =
    overrides.payments || stripe || config.runtime === "aws"
      ? undefined
      : new LocalPayments(store, clock, ids, config.apiUrl, config.localWebhookSecret);
  const payments = instrumentPayments(
    overrides.payments ?? stripe ?? localPayments ?? unconfiguredPayments(),
    config.stage,
  );
  const base = { config, clock, ids, log, store, blob, breakers, domains, runner, payments, ...(llm ? { llm } : {}) };

  if (config.runtime === "aws") {
    if (!config.schedulerRoleArn || !config.jobsFunctionArn) {
      throw new Error("PACTLY_SCHEDULER_ROLE_ARN and PACTLY_JOBS_FUNCTION_ARN are required in the cloud.");
    }
    return {
      ...base,
      queue: new SqsQueue({ region: config.region, queueUrls: config.queueUrls, ids }),
      scheduler: new EventBridgeScheduler({
        region: config.region,
        group: config.schedulerGroup,
        roleArn: config.schedulerRoleArn,
        jobsFunctionArn: config.jobsFunctionArn,
      }),
      mail: instrumentMailer(new SesMailer({ region: config.region, from: config.mailFrom }), config.stage),
    };
  }
  const local = {
    queue: new StoreQueue(store, clock, ids),
    scheduler: new StoreScheduler(store, clock),
    outbox: new OutboxMailer(store, clock, ids, config.mailFrom),
    ...(localPayments ? { payments: localPayments } : {}),
  };
  return {
    ...base,
    queue: local.queue,
    scheduler: local.scheduler,
    mail: instrumentMailer(local.outbox, config.stage),
    local,
  };
}

/** A cloud stage without Stripe keys: deposits answer 503 rather than pretending to take money. */
function unconfiguredPayments(): PaymentsProvider {
  const off = async (): Promise<never> => {
    throw unavailable("payment.unavailable", "Payments are not configured on this stage.");
  };
  return { kind: "stripe", createCheckout: off, refund: off, verifyEvent: off };
}

/** One breaker per outside service, created on first use. */
export function breakerFor(platform: Platform, name: string): CircuitBreaker {
  let b = platform.breakers.get(name);
  if (!b) {
    b = new CircuitBreaker(name, platform.clock);
    platform.breakers.set(name, b);
  }
  return b;
}

/**
 * The sandbox, loaded on the first run only (most requests never run learner code): Judge0 when one is configured,
 * else QuickJS in process.
 */
function lazyRunner(judge0: Config["judge0"]): CodeRunner {
  let runner: Promise<CodeRunner> | undefined;
  return {
    run: async (req) => {
      runner ??= judge0
        ? import("./runner/judge0.js").then((m) => new m.Judge0Runner(judge0))
        : import("./runner/quickjs.js").then((m) => new m.QuickJsRunner());
      return (await runner).run(req);
    },
  };
}
