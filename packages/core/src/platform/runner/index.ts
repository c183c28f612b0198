export * from "./port.js";
export { QuickJsRunner } from "./quickjs.js";
