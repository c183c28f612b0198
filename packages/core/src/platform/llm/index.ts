export { OpenAiCompatibleLlm, type OpenAiCompatibleOptions } from "./openai.js";
export * from "./port.js";
