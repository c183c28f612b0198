// The LLM port: a chat completion and, where the endpoint offers them, embeddings. The tutor and the coach speak
// to it; an OpenAI-compatible HTTP endpoint implements it in the cloud and locally.

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatOptions {
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object back (OpenAI's `response_format: json_object`). */
  json?: boolean;
  /** Gives up on the call after this many ms (the adapter's own timeout otherwise). */
  timeoutMs?: number;
  /** Which feature asks, for the LlmLatency and LlmTokens metrics' Feature dimension. */
  feature?: "coach" | "tutor";
  /** Told the tokens the call used, when the endpoint reports them. */
  onUsage?: (usage: { totalTokens: number }) => void;
}

export interface Llm {
  /** The model's reply text. Throws an `llm.*` AppError when the endpoint fails or times out. */
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<string>;
  /** One vector per text, or undefined when no embeddings model is configured. */
  embed?(texts: string[]): Promise<number[][]>;
}
