export { ensureTable } from "./bootstrap.js";
export { CursorSigner } from "./cursor.js";
export { DynamoStore } from "./dynamo.js";
export * from "./patterns.js";
export * from "./port.js";
export * from "./table.js";
