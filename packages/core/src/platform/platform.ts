// What a platform is, and what every runtime builds alike (platformBase). The local and the cloud platform are made
// in create.ts and cloud.ts: a cloud function imports only cloud.ts, so no local adapter is in its bundle, and each
// cloud adapter loads on its first call (lazy.ts).

import type { DomainModule } from "../domain/index.js";
import type { BlobStore } from "./blob/port.js";
import { CircuitBreaker } from "./breaker.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { unavailable } from "./errors.js";
import { type IdGenerator, ulidGenerator } from "./ids.js";
import { instrumentLlm } from "./instrument.js";
import { lazyAdapter, loadOnce } from "./lazy.js";
import type { Llm } from "./llm/port.js";
import { createLogger, type Logger } from "./logging.js";
import type { OutboxMailer } from "./mail/outbox.js";
import type { Mailer } from "./mail/port.js";
import type { LocalPayments } from "./payments/local.js";
import type { PaymentsProvider } from "./payments/port.js";
import type { StoreQueue } from "./queue/local.js";
import type { Queue } from "./queue/port.js";
import type { CodeRunner } from "./runner/port.js";
import type { StoreScheduler } from "./scheduler/local.js";
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

/** What the local and the cloud platform share: the store, the model, Stripe and the sandbox. */
export interface PlatformBase
  extends Pick<Platform, "config" | "clock" | "ids" | "log" | "store" | "blob" | "breakers" | "domains" | "runner"> {
  llm?: Llm;
  /** Stripe when its keys are configured, loaded on the first payment call. */
  stripe?: PaymentsProvider;
}

/** The blob store is the caller's: loaded on first use in the cloud, the emulator's bucket made locally. */
export function platformBase(config: Config, overrides: PlatformOverrides, blob: BlobStore): PlatformBase {
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
  const rawLlm = overrides.llm ?? (config.llm ? lazyLlm(config.llm) : undefined);
  // Every model, payment and mail call is a span and counts in the metrics (instrument.ts).
  const llm = rawLlm ? instrumentLlm(rawLlm, config.stage) : undefined;
  const stripeConfig = config.stripe;
  const stripe: PaymentsProvider | undefined = stripeConfig
    ? {
        kind: "stripe",
        ...lazyAdapter(
          loadOnce(async () => new (await import("./payments/stripe.js")).StripePayments(stripeConfig, clock)),
          { createCheckout: true, refund: true, verifyEvent: true },
        ),
      }
    : undefined;
  return {
    config,
    clock,
    ids,
    log,
    store,
    blob,
    breakers: new Map<string, CircuitBreaker>(),
    domains: overrides.domains ?? [],
    runner: overrides.runner ?? lazyRunner(config.judge0),
    ...(llm ? { llm } : {}),
    ...(stripe ? { stripe } : {}),
  };
}

/** The OpenAI-compatible model, loaded on the first call; it embeds only when an embedding model is configured. */
function lazyLlm(options: NonNullable<Config["llm"]>): Llm {
  const get = loadOnce(async () => new (await import("./llm/openai.js")).OpenAiCompatibleLlm(options));
  return {
    ...lazyAdapter(get, { chat: true }),
    ...(options.embeddingModel ? { embed: async (texts: string[]) => (await get()).embed!(texts) } : {}),
  };
}

/** A cloud stage without Stripe keys: deposits answer 503 rather than pretending to take money. */
export function unconfiguredPayments(): PaymentsProvider {
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
  return lazyAdapter(
    loadOnce(async () =>
      judge0
        ? new (await import("./runner/judge0.js")).Judge0Runner(judge0)
        : new (await import("./runner/quickjs.js")).QuickJsRunner(),
    ),
    { run: true },
  );
}
