export { canonicalJson } from "./json.js";
export { JUDGE0_LANGUAGES, type Judge0Options, Judge0Runner } from "./judge0.js";
export * from "./port.js";
export { QuickJsRunner } from "./quickjs.js";
