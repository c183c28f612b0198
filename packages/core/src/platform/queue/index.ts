export * from "./port.js";
export { SqsQueue } from "./sqs.js";
export { StoreQueue, type LocalMessage } from "./local.js";
