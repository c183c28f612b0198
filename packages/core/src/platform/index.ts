// The platform's public face: ports, adapters, config, clock, ids, errors and logging.

export * from "./blob/index.js";
export * from "./breaker.js";
export * from "./clock.js";
export * from "./config.js";
export * from "./create.js";
export * from "./effects.js";
export * from "./errors.js";
export * from "./health.js";
export * from "./ids.js";
export * from "./instrument.js";
export * from "./llm/index.js";
export * from "./logging.js";
export * from "./mail/index.js";
export * from "./metrics.js";
export * from "./parse.js";
export * from "./payments/index.js";
export * from "./platform.js";
export * from "./queue/index.js";
export * from "./rate-limit.js";
export * from "./scheduler/index.js";
export { z } from "./schema.js";
export * from "./store/index.js";
export * from "./tracing.js";
