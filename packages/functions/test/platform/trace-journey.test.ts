// One trace from the API to the worker: the request id the API answers with is the trace id of the request's span,
// of the queue or outbox span its work travels through, and of the job that does the work; every log line written
// meanwhile carries it. Against DynamoDB Local, the local queue and the outbox, as `pnpm dev` runs them.

import {
  captureTelemetry,
  deliverDueEffects,
  pendingEffects,
  signEvent,
  type TelemetryCapture,
} from "@pactly/core/platform";
import { EXPORT_JOB_KIND } from "@pactly/core/privacy/module";

import { afterEach, describe, expect, it } from "vitest";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { StreamRunner } from "../../src/local/stream-runner.js";
import { effectStreamHandler } from "../../src/outbox/stream.js";
import { jobHandlersFor } from "../../src/workers/handlers.js";
import { jobWorker } from "../../src/workers/job-worker.js";
import { accountsApp, call, signedUp } from "../accounts/helpers.js";

let capture: TelemetryCapture | undefined;
afterEach(() => capture?.stop());

type Span = ReturnType<TelemetryCapture["spans"]>[number];
const byName = (spans: Span[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(
    found.map((s) => s.name),
    `spans named ${name}`,
  ).not.toHaveLength(0);
  return found;
};

describe("one trace from the API through the queue to the worker", () => {
  it("an export request's id is the trace of its API span, its queue send and receive, and the job run", async () => {
    const t = await accountsApp();
    const ada = await signedUp(t.app, t.p, "ada@example.com");
    const runner = new QueueRunner(t.p, { queue: "tasks", handler: jobWorker(t.p, jobHandlersFor(t.p, "tasks")) });
    await runner.drain(); // anything the sign-up queued, before the traced part
    const from = t.log.lines.length;
    capture = captureTelemetry();

    const res = await call(t.app, "POST", "/v1/me/export", { token: ada.token });
    expect(res.status).toBe(202);
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[A-Za-z0-9]+$/);
    expect(await runner.drain()).toBe(1);

    const spans = capture.spans();
    const [api] = byName(spans, "api.request");
    const [send] = byName(spans, "queue.send");
    const [receive] = byName(spans, "queue.receive");
    const [run] = byName(spans, "job.run");
    for (const s of [api!, send!, receive!, run!]) expect(s.traceId, s.name).toBe(requestId);
    // Each hop is the child of the one that caused it.
    expect(api!.parentSpanId).toBeUndefined();
    expect(send!.parentSpanId).toBe(api!.spanId);
    expect(receive!.parentSpanId).toBe(send!.spanId);
    expect(run!.parentSpanId).toBe(receive!.spanId);
    expect(api!.attributes).toMatchObject({ route: "POST /v1/me/export", status: 202, method: "POST" });
    expect(send!.attributes).toMatchObject({ queue: "tasks" });
    expect(run!).toMatchObject({ status: "ok", attributes: { jobKind: EXPORT_JOB_KIND } });
    for (const s of spans) {
      expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    }

    const lines = t.log.lines.slice(from).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line, line.msg).toMatchObject({ traceId: requestId, requestId });
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ route: "POST /v1/me/export", status: 202 });

    // The job's metrics, by its kind, in the same trace.
    const jobMetrics = capture.records().find((r) => r.JobKind === EXPORT_JOB_KIND);
    expect(jobMetrics).toMatchObject({ Stage: "test", JobRuns: 1, JobFailures: 0, traceId: requestId });
  });

  it("a Stripe webhook's id is the trace of its outbox effect's dispatch and the job it runs, stream or sweep", async () => {
    const t = await accountsApp();
    const stream = await new StreamRunner(t.p, effectStreamHandler(t.p)).start();
    const from = t.log.lines.length;
    capture = captureTelemetry();
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const body = JSON.stringify({ id: "evt_trace_1", type: "customer.created", created: now, data: { object: {} } });
    const signature = await signEvent(body, t.p.config.localWebhookSecret, now);

    const res = await t.app.request("/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature, "x-request-id": "req-webhook-1" },
      body,
    });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toBe("req-webhook-1");

    // The effect keeps the trace; DynamoDB Local's stream hands it to the dispatcher, which restores it.
    const [effect] = await pendingEffects(t.p);
    expect(effect?.trace?.traceId).toBe(requestId);
    try {
      // DynamoDB Local's stream may take a while to show the record on a busy machine: poll for up to 15 s.
      const until = Date.now() + 15_000;
      while (!capture.spans().some((s) => s.name === "outbox.dispatch") && Date.now() < until) {
        await stream.poll();
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await stream.stop();
    }
    expect(await deliverDueEffects(t.p)).toBe(0); // delivered once, by the stream

    const spans = capture.spans();
    const [api] = byName(spans, "api.request");
    const [dispatch] = byName(spans, "outbox.dispatch");
    expect(api!).toMatchObject({ traceId: requestId, attributes: { route: "POST /v1/webhooks/stripe", status: 200 } });
    expect(dispatch!).toMatchObject({
      traceId: requestId,
      parentSpanId: api!.spanId,
      status: "ok",
      attributes: { jobKind: "payments.stripe-event" },
    });

    // The local stream runner's own housekeeping (a shard iterator re-read) belongs to no request.
    const lines = t.log.lines
      .slice(from)
      .map((l) => JSON.parse(l))
      .filter((l) => !String(l.msg).startsWith("stream "));
    expect(lines.map((l) => l.msg)).toContain("stripe event ignored");
    for (const line of lines) expect(line, line.msg).toMatchObject({ traceId: requestId, requestId });

    const webhook = capture.records().find((r) => r.WebhookEvents === 1);
    expect(webhook).toMatchObject({ Stage: "test", Outcome: "handled", WebhookFailures: 0 });
  }, 60_000);
});
