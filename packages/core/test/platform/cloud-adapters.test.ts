// The cloud adapters for SQS, EventBridge Scheduler and SES, checked on the wire: the AWS SDK talks HTTP to a
// loopback stand-in that records each request, so the test sees exactly what AWS would receive.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  continueTrace,
  EventBridgeScheduler,
  ManualClock,
  SesMailer,
  SqsQueue,
  setInvocationTraceHeader,
  ulidGenerator,
} from "../../src/platform/index.js";

interface Recorded {
  method: string;
  path: string;
  target: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
const requests: Recorded[] = [];
/** Canned answers by route; a function may answer differently the second time. */
let answer: (r: Recorded) => { status: number; body: unknown; headers?: Record<string, string> } = () => ({
  status: 200,
  body: {},
});

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const rec: Recorded = {
      method: req.method ?? "",
      path: decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname),
      target: req.headers["x-amz-target"] as string | undefined,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    requests.push(rec);
    const a = answer(rec);
    res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const last = () => requests[requests.length - 1]!;

describe("SqsQueue", () => {
  it("sends JSON bodies to the queue's URL in one FIFO group with a unique de-duplication id", async () => {
    // The SDK checks the body's MD5 in the answer, as SQS computes it.
    answer = (r) => ({
      status: 200,
      body: { MessageId: "m-1", MD5OfMessageBody: createHash("md5").update(String(r.body.MessageBody)).digest("hex") },
    });
    const ids = ulidGenerator(new ManualClock("2026-01-01T00:00:00Z"));
    const queue = new SqsQueue({
      region: "us-east-1",
      endpoint,
      ids,
      queueUrls: { coach: `${endpoint}/000000000000/pactly-coach.fifo` },
    });
    const out = await queue.send("coach", { jobId: "J1", kind: "coach.agenda" });
    expect(out.messageId).toBe("m-1");
    const req = last();
    expect(req.target).toBe("AmazonSQS.SendMessage");
    expect(req.body).toMatchObject({
      QueueUrl: `${endpoint}/000000000000/pactly-coach.fifo`,
      MessageGroupId: "all",
      MessageBody: JSON.stringify({ jobId: "J1", kind: "coach.agenda" }),
    });
    expect(req.body.MessageDeduplicationId).toMatch(/^[0-9A-Z]{26}$/);
    await queue.send("coach", {}, { deduplicationId: "job-J2", groupId: "session-9" });
    expect(last().body).toMatchObject({ MessageDeduplicationId: "job-J2", MessageGroupId: "session-9" });
  });

  it("carries the sender's trace as the PactlyTrace attribute and X-Ray's header as AWSTraceHeader", async () => {
    answer = (r) => ({
      status: 200,
      body: { MessageId: "m-2", MD5OfMessageBody: createHash("md5").update(String(r.body.MessageBody)).digest("hex") },
    });
    const queue = new SqsQueue({
      region: "us-east-1",
      endpoint,
      ids: ulidGenerator(new ManualClock("2026-01-01T00:00:00Z")),
      queueUrls: { tasks: `${endpoint}/000000000000/pactly-tasks.fifo` },
    });
    const xray = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    // The Lambda entries read the invocation's header from the environment (withSecrets); here, a stand-in.
    setInvocationTraceHeader(() => xray);
    try {
      await continueTrace({ traceId: "req-trace-1" }, () => queue.send("tasks", { jobId: "J3", kind: "k" }));
    } finally {
      setInvocationTraceHeader(() => undefined);
    }
    const body = last().body as {
      MessageAttributes: Record<string, { DataType: string; StringValue: string }>;
      MessageSystemAttributes: Record<string, { DataType: string; StringValue: string }>;
    };
    const carried = JSON.parse(body.MessageAttributes.PactlyTrace!.StringValue);
    expect(carried).toMatchObject({ traceId: "req-trace-1", xray });
    expect(carried.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(body.MessageSystemAttributes.AWSTraceHeader).toEqual({ DataType: "String", StringValue: xray });
  });

  it("refuses a queue that has no URL configured", async () => {
    const queue = new SqsQueue({
      region: "us-east-1",
      endpoint,
      ids: ulidGenerator(new ManualClock(0 as never)),
      queueUrls: {},
    });
    await expect(queue.send("scoring", {})).rejects.toThrow(/No URL configured for queue "scoring"/);
  });
});

describe("EventBridgeScheduler", () => {
  const scheduler = () =>
    new EventBridgeScheduler({
      region: "us-east-1",
      endpoint,
      group: "pactly-prod",
      roleArn: "arn:aws:iam::123456789012:role/pactly-scheduler",
      jobsFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:prod-pactly-jobs",
    });

  it("creates a one-time at() schedule that deletes itself and invokes the jobs function with {job, payload}", async () => {
    answer = () => ({ status: 200, body: { ScheduleArn: "arn:x" } });
    await scheduler().at("remind-S1-1h", new Date("2026-03-08T17:00:00.000Z"), {
      job: "sessions.remind",
      payload: { sessionId: "S1", lead: "1h" },
    });
    const req = last();
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/schedules/remind-S1-1h");
    expect(req.body).toMatchObject({
      GroupName: "pactly-prod",
      ScheduleExpression: "at(2026-03-08T17:00:00)",
      ScheduleExpressionTimezone: "UTC",
      ActionAfterCompletion: "DELETE",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: {
        Arn: "arn:aws:lambda:us-east-1:123456789012:function:prod-pactly-jobs",
        RoleArn: "arn:aws:iam::123456789012:role/pactly-scheduler",
      },
    });
    const target = req.body.Target as { Input: string };
    expect(JSON.parse(target.Input)).toEqual({
      job: "sessions.remind",
      payload: { sessionId: "S1", lead: "1h" },
      scheduleName: "remind-S1-1h",
    });
  });

  it("updates a schedule that already exists instead of failing", async () => {
    answer = (r) =>
      r.method === "POST"
        ? { status: 409, body: { Message: "exists" }, headers: { "x-amzn-errortype": "ConflictException" } }
        : { status: 200, body: { ScheduleArn: "arn:x" } };
    await scheduler().recurring("matching-daily", "cron(0 6 * * ? *)", "Europe/London", {
      job: "matching.run",
      payload: {},
    });
    const [create, update] = requests.slice(-2);
    expect(create!.method).toBe("POST");
    expect(update!.method).toBe("PUT");
    expect(update!.body).toMatchObject({
      ScheduleExpression: "cron(0 6 * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
      ActionAfterCompletion: "NONE",
    });
  });

  it("treats deleting a schedule that is already gone as done", async () => {
    answer = () => ({
      status: 404,
      body: { Message: "nope" },
      headers: { "x-amzn-errortype": "ResourceNotFoundException" },
    });
    await expect(scheduler().delete("remind-S1-24h")).resolves.toBeUndefined();
    expect(last()).toMatchObject({ method: "DELETE", path: "/schedules/remind-S1-24h" });
  });
});

describe("SesMailer", () => {
  it("sends a text and HTML email from the configured sender, tagged with its template", async () => {
    answer = () => ({ status: 200, body: { MessageId: "ses-1" } });
    const mailer = new SesMailer({ region: "us-east-1", endpoint, from: "Pactly <hello@pactly.app>" });
    const out = await mailer.send({
      to: "ada@example.com",
      subject: "Your pod meets tomorrow",
      text: "See you at 18:00",
      html: "<p>See you at 18:00</p>",
      template: "session-reminder",
      headers: { "List-Unsubscribe": "<https://pactly.app/u/x>" },
    });
    expect(out.messageId).toBe("ses-1");
    const req = last();
    expect(req.path).toBe("/v2/email/outbound-emails");
    expect(req.body).toMatchObject({
      FromEmailAddress: "Pactly <hello@pactly.app>",
      Destination: { ToAddresses: ["ada@example.com"] },
      Content: {
        Simple: {
          Subject: { Data: "Your pod meets tomorrow" },
          Body: { Text: { Data: "See you at 18:00" }, Html: { Data: "<p>See you at 18:00</p>" } },
          Headers: [{ Name: "List-Unsubscribe", Value: "<https://pactly.app/u/x>" }],
        },
      },
      EmailTags: [{ Name: "template", Value: "session-reminder" }],
    });
  });
});
