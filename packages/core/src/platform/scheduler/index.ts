export { nextFire } from "./cron.js";
export { EventBridgeScheduler } from "./eventbridge.js";
export { type LocalSchedule, StoreScheduler } from "./local.js";
export * from "./port.js";
