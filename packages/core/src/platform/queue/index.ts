export { type LocalMessage, StoreQueue } from "./local.js";
export * from "./port.js";
export { SqsQueue } from "./sqs.js";
