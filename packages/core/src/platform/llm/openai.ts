// An OpenAI-compatible endpoint over plain fetch: `/chat/completions` and `/embeddings`. Plain fetch rather than
// the SDK keeps the function bundles small (the SDK would load at every cold start of every function) and works
// with any compatible server (OpenAI, Azure-style proxies, local servers) through its base URL.
import { AppError } from "../errors.js";
import type { ChatMessage, ChatOptions, Llm } from "./port.js";

export interface OpenAiCompatibleOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  embeddingModel?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class OpenAiCompatibleLlm implements Llm {
  readonly embed?: (texts: string[]) => Promise<number[][]>;

  constructor(private readonly o: OpenAiCompatibleOptions) {
    if (o.embeddingModel) this.embed = (texts) => this.embeddings(texts, o.embeddingModel!);
  }

  private async post(path: string, body: unknown, timeoutMs?: number): Promise<unknown> {
    const f = this.o.fetch ?? fetch;
    let res: Response;
    try {
      res = await f(`${this.o.baseUrl.replace(/\/$/, "")}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs ?? this.o.timeoutMs ?? 20_000),
      });
    } catch (e) {
      throw new AppError(502, "llm.unreachable", "The language model could not be reached.", { cause: e });
    }
    if (!res.ok) {
      const detail = (await res.text().catch(() => "")).slice(0, 300);
      // The status travels in the details: callers retry 429 and 5xx, and wait what Retry-After asks for.
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new AppError(502, "llm.failed", `The language model answered ${res.status}.`, {
        details: { detail, status: res.status },
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
      });
    }
    return res.json();
  }

  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    const body = (await this.post(
      "/chat/completions",
      {
        model: this.o.model,
        messages,
        ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.json ? { response_format: { type: "json_object" } } : {}),
      },
      options.timeoutMs,
    )) as { choices?: { message?: { content?: string | null } }[]; usage?: { total_tokens?: unknown } };
    const tokens = body.usage?.total_tokens;
    if (typeof tokens === "number" && Number.isFinite(tokens)) options.onUsage?.({ totalTokens: tokens });
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new AppError(502, "llm.failed", "The language model sent no reply.");
    return content;
  }

  private async embeddings(texts: string[], model: string): Promise<number[][]> {
    const body = (await this.post("/embeddings", { model, input: texts })) as {
      data?: { index: number; embedding: number[] }[];
    };
    if (!Array.isArray(body.data) || body.data.length !== texts.length)
      throw new AppError(502, "llm.failed", "The embeddings endpoint sent the wrong number of vectors.");
    return [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  }
}
