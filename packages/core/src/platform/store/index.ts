export * from "./port.js";
export * from "./table.js";
export { DynamoStore, encodeCursor, decodeCursor } from "./dynamo.js";
export { ensureTable } from "./bootstrap.js";
