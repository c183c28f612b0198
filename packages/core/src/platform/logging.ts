// Structured JSON logs with request/correlation ids; personal data is scrubbed before anything is written.
// While a trace is active (tracing.ts), every line carries its `traceId` and `requestId`.
import { traceFields } from "./tracing.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|cookie|email|phone|code_verifier|api[-_]?key|signature/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/**
 * Replaces values under sensitive keys and any email, bearer token or JWT found in strings. `parents` are the
 * objects being written around `value`: a reference back to one of them (a cycle) is written as "[circular]".
 */
export function redact(value: unknown, depth = 0, parents: readonly unknown[] = []): unknown {
  if (depth > 8) return "[depth]";
  if (typeof value === "string") {
    return value.replace(BEARER, "Bearer [redacted]").replace(JWT, "[jwt]").replace(EMAIL, "[email]");
  }
  if (parents.includes(value)) return "[circular]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, [...parents, value]));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redact(value.message, depth + 1),
      // The stack's first line repeats the message, so it is scrubbed like any other string.
      stack: value.stack === undefined ? undefined : redact(value.stack.split("\n").slice(0, 6).join("\n"), depth + 1),
    };
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    const path = [...parents, value];
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null ? "[redacted]" : redact(v, depth + 1, path);
    }
    return out;
  }
  return value;
}

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; bindings?: Record<string, unknown>; now?: () => Date } = {},
): Logger {
  const level = LEVELS[options.level ?? "info"];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindings = options.bindings ?? {};
  const now = options.now ?? (() => new Date());
  const write = (lvl: LogLevel, msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[lvl] < level) return;
    const entry = redact({ ...traceFields(), ...bindings, ...data }) as Record<string, unknown>;
    sink(JSON.stringify({ level: lvl, time: now().toISOString(), msg: redact(msg), ...entry }));
  };
  return {
    debug: (m, d) => write("debug", m, d),
    info: (m, d) => write("info", m, d),
    warn: (m, d) => write("warn", m, d),
    error: (m, d) => write("error", m, d),
    child: (b) => createLogger({ ...options, bindings: { ...bindings, ...b } }),
  };
}

/** A logger that keeps its lines in memory, for tests that check what was logged. */
export function memoryLogger(level: LogLevel = "debug"): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (l) => lines.push(l) });
  return Object.assign(logger, { lines });
}
