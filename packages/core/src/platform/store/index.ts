export { ensureTable } from "./bootstrap.js";
export { DynamoStore, decodeCursor, encodeCursor } from "./dynamo.js";
export * from "./patterns.js";
export * from "./port.js";
export * from "./table.js";
