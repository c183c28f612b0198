// A job queued through the queue port reaches its worker as an SQS event; failures retry and end in the DLQ.
import { enqueueJob, getJob, type JobHandlers } from "@pactly/core/jobs";
import { MAX_RECEIVE_COUNT } from "@pactly/core/platform";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { jobWorker } from "../../src/workers/job-worker.js";

const owner = { userId: "01USER0000000000000000000A", role: "learner" as const };

describe("queued jobs through the local queue", () => {
  it("delivers the job to the worker as an SQS event and records the result", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    const seen: SQSEvent[] = [];
    const handlers: JobHandlers = {
      "demo.double": async (_p, job) => ({ doubled: (job.input.n as number) * 2 }),
    };
    const worker = jobWorker(p, handlers);
    const runner = new QueueRunner(p, {
      queue: "tasks",
      handler: async (event) => {
        seen.push(event);
        return worker(event);
      },
    });
    const job = await enqueueJob(p, { queue: "tasks", kind: "demo.double", ownerId: owner.userId, input: { n: 21 } });
    expect((await getJob(p, owner, job.id)).status).toBe("queued");

    expect(await runner.drain()).toBe(1);

    const record = seen[0]!.Records[0]!;
    expect(record.eventSource).toBe("aws:sqs");
    expect(record.eventSourceARN).toMatch(/:tasks\.fifo$/);
    expect(record.attributes.ApproximateReceiveCount).toBe("1");
    expect(record.attributes.MessageGroupId).toBe("all");
    expect(JSON.parse(record.body)).toEqual({ jobId: job.id, kind: "demo.double" });
    const done = await getJob(p, owner, job.id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, result: { doubled: 42 } });
    expect(done.finishedAt).toBeDefined();
  });

  it(`retries a failing job and moves it to the dead-letter list after ${MAX_RECEIVE_COUNT} attempts`, async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    let calls = 0;
    const worker = jobWorker(p, {
      "demo.broken": async () => {
        calls++;
        throw new Error("always broken");
      },
    });
    const runner = new QueueRunner(p, { queue: "tasks", handler: worker, retryDelaySeconds: 0 });
    const job = await enqueueJob(p, { queue: "tasks", kind: "demo.broken", ownerId: owner.userId });

    await runner.drain();

    expect(calls).toBe(MAX_RECEIVE_COUNT);
    const dead = await p.local!.queue.deadLetters("tasks");
    expect(dead.map((d) => JSON.parse(d.body).jobId)).toEqual([job.id]);
    const failed = await getJob(p, owner, job.id);
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_RECEIVE_COUNT, error: { code: "job.failed" } });
  });

  it("keeps a job retrying after a transient failure and succeeds on a later attempt", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    let calls = 0;
    const worker = jobWorker(p, {
      "demo.flaky": async () => {
        calls++;
        if (calls < 3) throw new Error("transient");
        return { ok: true };
      },
    });
    const runner = new QueueRunner(p, { queue: "coach", handler: worker, retryDelaySeconds: 0 });
    const job = await enqueueJob(p, { queue: "coach", kind: "demo.flaky", ownerId: owner.userId });
    await runner.drain();
    expect(await getJob(p, owner, job.id)).toMatchObject({ status: "succeeded", attempts: 3, result: { ok: true } });
    expect(await p.local!.queue.deadLetters("coach")).toHaveLength(0);
  });

  it("fails a job of an unknown kind with a clear error code", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    const runner = new QueueRunner(p, { queue: "scoring", handler: jobWorker(p, {}), retryDelaySeconds: 0 });
    const job = await enqueueJob(p, { queue: "scoring", kind: "nobody.handles", ownerId: owner.userId });
    await runner.drain();
    expect(await getJob(p, owner, job.id)).toMatchObject({ status: "failed", error: { code: "job.unknown_kind" } });
  });

  it("shows a job only to its owner (404 for anyone else)", async () => {
    const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES });
    const job = await enqueueJob(p, { queue: "tasks", kind: "x", ownerId: owner.userId });
    await expect(getJob(p, { userId: "01OTHER000000000000000000B", role: "learner" }, job.id)).rejects.toMatchObject({
      status: 404,
      code: "job.not_found",
    });
    await expect(getJob(p, { userId: "admin", role: "admin" }, job.id)).resolves.toMatchObject({ id: job.id });
  });
});
