export { OpenAiCompatibleLlm, type OpenAiCompatibleOptions } from "./openai.js";
export * from "./port.js";
export {
  InvalidModelOutputError,
  isRetryableLlmError,
  type StructuredRequest,
  type StructuredResult,
  structuredChat,
} from "./structured.js";
