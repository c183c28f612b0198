// A JSON reply of a known shape from the language model: validated with zod, asked again (with what was wrong) when
// it does not fit, retried with exponential backoff on 429, 5xx, timeouts and unreachable endpoints, and behind the
// model's circuit breaker so a model that is down fails fast instead of holding the worker.

import { AppError, isAppError } from "../errors.js";
import { breakerFor, type Platform } from "../platform.js";
import type { z } from "../schema.js";
import type { ChatMessage, ChatOptions } from "./port.js";

export interface StructuredRequest<S extends z.ZodType> {
  schema: S;
  messages: ChatMessage[];
  /** Calls in all, counting the first (default 3): each failed transport call or invalid reply takes one. */
  attempts?: number;
  /** First backoff in ms, doubled after each failure and capped at 8 s (default 500). */
  backoffMs?: number;
  /** Rejects a reply that parses but must not be used (one that repeats the instructions, say): a reason, or null. */
  reject?: (value: z.output<S>) => string | null;
  options?: Omit<ChatOptions, "json" | "onUsage">;
  /** Waits between attempts; tests pass a recording one. */
  sleep?: (ms: number) => Promise<void>;
}

export interface StructuredResult<T> {
  value: T;
  /** Model calls made, including failed ones. */
  calls: number;
  /** Tokens reported over every call, or null when the endpoint reported none. */
  totalTokens: number | null;
}

/** The model's reply could not be used after every attempt: invalid JSON, the wrong shape, or rejected. */
export class InvalidModelOutputError extends AppError {
  constructor(reason: string) {
    super(502, "llm.invalid_output", "The language model's reply did not have the expected shape.", {
      details: { reason: reason.slice(0, 500) },
    });
    this.name = "InvalidModelOutputError";
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Worth another try: rate limits, server faults, timeouts and network failures; not a 400 or 401. */
export function isRetryableLlmError(e: unknown): boolean {
  if (!isAppError(e)) return false;
  if (e.code === "llm.unreachable") return true;
  if (e.code !== "llm.failed") return false;
  const status = Number(e.details?.status);
  return !Number.isFinite(status) || status === 0 || status === 408 || status === 429 || status >= 500;
}

/** The first JSON object in a reply (models sometimes wrap it in a code fence). */
function parseJson(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  return JSON.parse(fenced ? fenced[1]! : trimmed);
}

export async function structuredChat<S extends z.ZodType>(
  p: Platform,
  request: StructuredRequest<S>,
): Promise<StructuredResult<z.output<S>>> {
  if (!p.llm) throw new AppError(503, "llm.not_configured", "No language model is configured.");
  const llm = p.llm;
  const attempts = Math.max(1, request.attempts ?? 3);
  const sleep = request.sleep ?? defaultSleep;
  const breaker = breakerFor(p, "llm");
  const messages = [...request.messages];
  let totalTokens: number | null = null;
  let lastReason = "no reply";
  for (let call = 1; call <= attempts; call++) {
    let text: string;
    try {
      text = await breaker.run(() =>
        llm.chat(messages, {
          ...request.options,
          json: true,
          onUsage: (u) => {
            totalTokens = (totalTokens ?? 0) + u.totalTokens;
          },
        }),
      );
    } catch (e) {
      // An open breaker answers at once: waiting here would only hold the worker.
      if (!isRetryableLlmError(e) || call === attempts) throw e;
      const retryAfterMs = isAppError(e) && e.retryAfter ? e.retryAfter * 1000 : 0;
      await sleep(Math.min(8000, Math.max(retryAfterMs, (request.backoffMs ?? 500) * 2 ** (call - 1))));
      continue;
    }
    let reason: string | null;
    try {
      const parsed = request.schema.safeParse(parseJson(text));
      if (parsed.success) {
        reason = request.reject?.(parsed.data) ?? null;
        if (!reason) return { value: parsed.data, calls: call, totalTokens };
      } else
        reason = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
          .join("; ");
    } catch {
      reason = "the reply is not valid JSON";
    }
    lastReason = reason;
    p.log.warn("model reply unusable; asking again", { call, reason });
    // The model sees what was wrong with its reply, never the reply repeated back as an instruction.
    messages.push({
      role: "user",
      content: `Your previous reply could not be used (${reason}). Reply again with only the JSON object described.`,
    });
  }
  throw new InvalidModelOutputError(lastReason);
}
