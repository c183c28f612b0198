export * from "./port.js";
export { nextFire } from "./cron.js";
export { EventBridgeScheduler } from "./eventbridge.js";
export { StoreScheduler, type LocalSchedule } from "./local.js";
