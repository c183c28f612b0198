// Traces and spans without an SDK: one trace follows a request from the API through the outbox and the queues to the
// workers and the Stripe or model calls it causes. The trace id is the request id the API returns as `x-request-id`;
// the active trace lives in an AsyncLocalStorage, so every log line written while handling it carries the id, and
// every outbox effect and queued message carries a `TraceCarrier` the dispatcher and the workers restore.
//
// Spans and metrics go out as JSON lines (telemetry): to stdout in Lambda (where CloudWatch reads the metrics' EMF
// and active X-Ray tracing adds segments of its own), and locally only when PACTLY_TRACE=1 (stdout) or
// PACTLY_TRACE_FILE=<path> (appended to that file). Tests subscribe with `captureTelemetry()`.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";

/** What travels with an outbox effect or a queued message, so the work it causes joins the same trace. */
export interface TraceCarrier {
  traceId: string;
  /** The span that caused the work (the API request, the outbox dispatch, the queue send). */
  parentSpanId?: string;
  /** The AWS X-Ray trace header (`Root=…;Parent=…;Sampled=…`) of the Lambda invocation that caused it. */
  xray?: string;
}

export type SpanStatus = "ok" | "error";
export type SpanAttributes = Record<string, string | number | boolean>;

export interface Span {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** ISO instant the span started. */
  start: string;
  durationMs: number;
  status: SpanStatus;
  attributes: SpanAttributes;
}

/** A running span: its ids, and the attributes and status it will end with. */
export interface SpanHandle {
  readonly traceId: string;
  readonly spanId: string;
  set(key: string, value: string | number | boolean): void;
  /** Ends the span as an error even though its work did not throw (a 5xx answer). */
  fail(): void;
}

interface Active {
  traceId: string;
  spanId?: string;
  xray?: string;
}

const storage = new AsyncLocalStorage<Active>();

const TRACE_ID = /^[A-Za-z0-9_\-=.]{1,128}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export const newTraceId = () => randomBytes(16).toString("hex");
export const newSpanId = () => randomBytes(8).toString("hex");

/** An X-Ray trace header (`Root=1-…`) as Lambda's active tracing sets it; anything else is dropped. */
export function lambdaTraceHeader(h: string | undefined): string | undefined {
  return h && /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}/.test(h) && h.length <= 256 ? h : undefined;
}

/**
 * Reads the current Lambda invocation's X-Ray header. Lambda changes it with every invocation, so it is read when a
 * trace starts, not with the config; the Lambda entries set the reader (`withSecrets`), elsewhere there is none.
 */
let invocationTraceHeader: () => string | undefined = () => undefined;
export function setInvocationTraceHeader(read: () => string | undefined): void {
  invocationTraceHeader = read;
}

/** A carrier read from outside (a message attribute, a stored item): anything malformed is dropped. */
export function parseCarrier(value: unknown): TraceCarrier | undefined {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== "object") return undefined;
  const { traceId, parentSpanId, xray } = v as Record<string, unknown>;
  if (typeof traceId !== "string" || !TRACE_ID.test(traceId)) return undefined;
  return {
    traceId,
    ...(typeof parentSpanId === "string" && SPAN_ID.test(parentSpanId) ? { parentSpanId } : {}),
    ...(typeof xray === "string" && xray.length <= 256 && xray.startsWith("Root=") ? { xray } : {}),
  };
}

/** The carrier for work caused now: the current trace, with the current span as the parent. */
export function currentCarrier(): TraceCarrier | undefined {
  const a = storage.getStore();
  if (!a) return undefined;
  return { traceId: a.traceId, ...(a.spanId ? { parentSpanId: a.spanId } : {}), ...(a.xray ? { xray: a.xray } : {}) };
}

/** What every log line carries while a trace is active: the trace id, which is the request id that started it. */
export function traceFields(): { traceId: string; requestId: string } | undefined {
  const a = storage.getStore();
  return a ? { traceId: a.traceId, requestId: a.traceId } : undefined;
}

/**
 * Runs `fn` in the trace `carrier` names (restored from an effect or a message), or in a new one when there is none:
 * a scheduled job, a message without a carrier. In Lambda the invocation's X-Ray header is kept alongside.
 */
export function continueTrace<T>(carrier: TraceCarrier | undefined, fn: () => T): T {
  const xray = lambdaTraceHeader(invocationTraceHeader()) ?? carrier?.xray;
  const active: Active = {
    traceId: carrier?.traceId ?? newTraceId(),
    ...(carrier?.parentSpanId ? { spanId: carrier.parentSpanId } : {}),
    ...(xray ? { xray } : {}),
  };
  return storage.run(active, fn);
}

/** Runs `fn` as a span: a child of the current one (or the root of a new trace), written out when it ends. */
export async function withSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  const parent = storage.getStore();
  const traceId = parent?.traceId ?? newTraceId();
  const spanId = newSpanId();
  const attrs: SpanAttributes = { ...attributes };
  let status: SpanStatus = "ok";
  const handle: SpanHandle = {
    traceId,
    spanId,
    set: (k, v) => {
      attrs[k] = v;
    },
    fail: () => {
      status = "error";
    },
  };
  const start = new Date();
  const t0 = performance.now();
  const active: Active = { traceId, spanId, ...(parent?.xray ? { xray: parent.xray } : {}) };
  try {
    return await storage.run(active, () => fn(handle));
  } catch (e) {
    status = "error";
    if (e instanceof Error && attrs.error === undefined) attrs.error = e.name;
    throw e;
  } finally {
    const span: Span = {
      name,
      traceId,
      spanId,
      ...(parent?.spanId ? { parentSpanId: parent.spanId } : {}),
      start: start.toISOString(),
      durationMs: Math.round((performance.now() - t0) * 100) / 100,
      status,
      attributes: attrs,
    };
    emitTelemetry({ kind: "span", ...span, ...(active.xray ? { xray: active.xray } : {}) });
  }
}

// ---- Where telemetry lines go ----

export type TelemetrySink = (line: string) => void;

const subscribers = new Set<TelemetrySink>();
let configuredSink: TelemetrySink | null = null;

/** Where the config says telemetry goes (`Config.telemetry`): a file, stdout, or nowhere. */
export function telemetrySinkFor(t: { print: boolean; file?: string }): TelemetrySink | null {
  const file = t.file;
  if (file) return (line) => appendFileSync(file, `${line}\n`);
  if (t.print) return (line) => process.stdout.write(`${line}\n`);
  return null;
}

/** Set once the config is parsed (`createPlatform`). */
export function setTelemetrySink(sink: TelemetrySink | null): void {
  configuredSink = sink;
}

/** Writes one telemetry record (a span or an EMF metrics line) as a JSON line. */
export function emitTelemetry(record: Record<string, unknown>): void {
  const envSink = configuredSink;
  if (!envSink && subscribers.size === 0) return;
  const line = JSON.stringify(record);
  envSink?.(line);
  for (const s of subscribers) s(line);
}

export interface TelemetryCapture {
  lines: string[];
  records(): Record<string, unknown>[];
  spans(): (Span & { kind: "span"; xray?: string })[];
  stop(): void;
}

/** Every telemetry line written from now until `stop()`, for tests. */
export function captureTelemetry(): TelemetryCapture {
  const lines: string[] = [];
  const sink: TelemetrySink = (l) => lines.push(l);
  subscribers.add(sink);
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    lines,
    records,
    spans: () => records().filter((r) => r.kind === "span") as unknown as ReturnType<TelemetryCapture["spans"]>,
    stop: () => subscribers.delete(sink),
  };
}
