import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { memoryLogger } from "./logging.js";
import {
  captureTelemetry,
  continueTrace,
  currentCarrier,
  lambdaTraceHeader,
  parseCarrier,
  setInvocationTraceHeader,
  telemetrySinkFor,
  withSpan,
} from "./tracing.js";

const XRAY = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

describe("traces and spans", () => {
  it("nests spans in one trace and puts the trace id on every log line written inside it", async () => {
    const log = memoryLogger();
    const c = captureTelemetry();
    try {
      await continueTrace({ traceId: "req-42" }, () =>
        withSpan("api.request", { method: "GET" }, async () => {
          log.info("inside");
          await withSpan("queue.send", { queue: "tasks" }, async (s) => {
            s.set("messageId", "m-1");
            expect(currentCarrier()).toEqual({ traceId: "req-42", parentSpanId: s.spanId });
          });
        }),
      );
      log.info("outside");
      const [send, api] = c.spans();
      expect(api).toMatchObject({
        name: "api.request",
        traceId: "req-42",
        status: "ok",
        attributes: { method: "GET" },
      });
      expect(api!.parentSpanId).toBeUndefined();
      expect(send).toMatchObject({ name: "queue.send", traceId: "req-42", parentSpanId: api!.spanId });
      expect(send!.attributes).toEqual({ queue: "tasks", messageId: "m-1" });
      const [inside, outside] = log.lines.map((l) => JSON.parse(l));
      expect(inside).toMatchObject({ traceId: "req-42", requestId: "req-42" });
      expect(outside.traceId).toBeUndefined();
    } finally {
      c.stop();
    }
  });

  it("ends a span that threw as an error, and starts a trace of its own without a carrier", async () => {
    const c = captureTelemetry();
    try {
      await expect(
        continueTrace(undefined, () =>
          withSpan("job.run", {}, async () => {
            throw new TypeError("bad");
          }),
        ),
      ).rejects.toThrow("bad");
      const [span] = c.spans();
      expect(span).toMatchObject({ status: "error", attributes: { error: "TypeError" } });
      expect(span!.traceId).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      c.stop();
    }
  });

  it("keeps the Lambda's X-Ray header on the carrier, and drops malformed carriers", async () => {
    expect(lambdaTraceHeader(XRAY)).toBe(XRAY);
    expect(lambdaTraceHeader("garbage")).toBeUndefined();
    const env: Record<string, string | undefined> = { _X_AMZN_TRACE_ID: XRAY };
    setInvocationTraceHeader(() => env._X_AMZN_TRACE_ID);
    try {
      await continueTrace({ traceId: "req-7" }, async () => expect(currentCarrier()?.xray).toBe(XRAY));
    } finally {
      setInvocationTraceHeader(() => undefined);
    }
    expect(parseCarrier('{"traceId":"t-1","parentSpanId":"0123456789abcdef"}')).toEqual({
      traceId: "t-1",
      parentSpanId: "0123456789abcdef",
    });
    expect(parseCarrier('{"traceId":"has space"}')).toBeUndefined();
    expect(parseCarrier("{not json")).toBeUndefined();
    expect(parseCarrier({ traceId: "t-2", parentSpanId: "nothex", xray: "evil" })).toEqual({ traceId: "t-2" });
  });

  it("prints telemetry only in Lambda or with PACTLY_TRACE=1, and appends it to PACTLY_TRACE_FILE", () => {
    const sinkFor = (env: Record<string, string>) => telemetrySinkFor(loadConfig(env).telemetry);
    expect(sinkFor({})).toBeNull();
    expect(sinkFor({ PACTLY_TRACE: "1" })).toBeTypeOf("function");
    expect(sinkFor({ AWS_LAMBDA_FUNCTION_NAME: "api" })).toBeTypeOf("function");
    const dir = mkdtempSync(path.join(os.tmpdir(), "pactly-trace-"));
    try {
      const file = path.join(dir, "trace.jsonl");
      const sink = sinkFor({ PACTLY_TRACE_FILE: file })!;
      sink('{"kind":"span"}');
      sink('{"kind":"span"}');
      expect(readFileSync(file, "utf8")).toBe('{"kind":"span"}\n{"kind":"span"}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
