// Queues work for a worker and tracks it: queued → running → succeeded, or retrying → failed after the last attempt.
import { type Actor, assertCanAccess } from "../access/index.js";
import {
  AppError,
  epochSeconds,
  type Item,
  isAppError,
  MAX_RECEIVE_COUNT,
  type Platform,
  type QueueName,
} from "../platform/index.js";
import { measuredRun } from "../platform/instrument.js";
import { JOB_RETENTION_SECONDS, type Job, type JobMessage, jobKey, ownerJobsPk } from "./model.js";

type StoredJob = Job & Item;

export type JobHandler = (p: Platform, job: Job) => Promise<Record<string, unknown> | undefined>;
export type JobHandlers = Record<string, JobHandler>;

export async function enqueueJob(
  p: Platform,
  request: {
    queue: QueueName;
    kind: string;
    ownerId: string;
    input?: Record<string, unknown>;
    groupId?: string;
    /** An id chosen beforehand (a de-duplication record names it before the job exists). */
    id?: string;
    /** Others who may read the job's status (a pod's members, for a coach job about their session). */
    sharedWith?: string[];
  },
): Promise<Job> {
  const now = p.clock.now();
  const id = request.id ?? p.ids.next();
  const job: Job = {
    id,
    kind: request.kind,
    queue: request.queue,
    ownerId: request.ownerId,
    status: "queued",
    attempts: 0,
    input: request.input ?? {},
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await p.store.put<StoredJob>(
    {
      ...jobKey(id),
      type: "Job",
      gsi1pk: ownerJobsPk(request.ownerId),
      gsi1sk: `${job.createdAt}#${id}`,
      expiresAt: epochSeconds(now) + JOB_RETENTION_SECONDS,
      ...(request.sharedWith?.length ? { sharedWith: request.sharedWith } : {}),
      ...job,
    },
    { absent: true },
  );
  const message: JobMessage = { jobId: id, kind: request.kind };
  await p.queue.send(request.queue, message, {
    deduplicationId: id,
    ...(request.groupId ? { groupId: request.groupId } : {}),
  });
  return job;
}

export async function getJob(p: Platform, actor: Actor, id: string): Promise<Job> {
  const stored = await p.store.get<StoredJob>(jobKey(id));
  assertCanAccess(actor, stored, "job");
  return toJob(stored!);
}

function toJob(s: StoredJob): Job {
  const {
    pk: _pk,
    sk: _sk,
    type: _t,
    gsi1pk: _g,
    gsi1sk: _gs,
    expiresAt: _e,
    version: _v,
    sharedWith: _sw,
    ...job
  } = s;
  return job as Job;
}

/**
 * Runs one delivery of a job. A failed attempt is rethrown so the worker reports a batch item failure:
 * the queue retries it, and after the last attempt moves the message to the dead-letter queue while
 * the job record already says `failed`.
 */
export async function runJob(
  p: Platform,
  message: JobMessage,
  handlers: JobHandlers,
  delivery: { receiveCount: number; maxReceiveCount?: number },
): Promise<Job | undefined> {
  const stored = await p.store.get<StoredJob>(jobKey(message.jobId), { consistent: true });
  if (!stored) {
    p.log.warn("job record missing; message dropped", { jobId: message.jobId, kind: message.kind });
    return undefined;
  }
  if (stored.status === "succeeded" || stored.status === "failed") return toJob(stored); // a redelivery after the end
  const now = () => p.clock.now().toISOString();
  const running = await p.store.update<StoredJob>(jobKey(stored.id), {
    set: { status: "running", updatedAt: now() },
    add: { attempts: 1 },
  });
  const handler = handlers[stored.kind];
  const last = delivery.receiveCount >= (delivery.maxReceiveCount ?? MAX_RECEIVE_COUNT);
  // A `job.run` span of the trace the message carried, counted in JobRuns, JobDuration and JobFailures.
  const span = {
    name: "job.run",
    jobKind: handler ? stored.kind : "unknown",
    attributes: { jobId: stored.id, attempt: running.attempts },
  };
  return measuredRun(p.config.stage, span, () => attempt(p, stored, running, handler, last));
}

async function attempt(
  p: Platform,
  stored: StoredJob,
  running: StoredJob,
  handler: JobHandler | undefined,
  last: boolean,
): Promise<Job> {
  const now = () => p.clock.now().toISOString();
  try {
    if (!handler) throw new AppError(500, "job.unknown_kind", `No worker handles jobs of kind "${stored.kind}".`);
    const result = await handler(p, toJob(running));
    const done = await p.store.update<StoredJob>(jobKey(stored.id), {
      set: { status: "succeeded", result: result ?? {}, updatedAt: now(), finishedAt: now() },
      remove: ["error"],
    });
    return toJob(done);
  } catch (e) {
    const error = isAppError(e)
      ? { code: e.code, message: e.message }
      : { code: "job.failed", message: "The job failed; it will be retried." };
    p.log.error("job attempt failed", {
      jobId: stored.id,
      kind: stored.kind,
      attempt: running.attempts,
      last,
      error: e,
    });
    await p.store.update<StoredJob>(jobKey(stored.id), {
      set: { status: last ? "failed" : "retrying", error, updatedAt: now(), ...(last ? { finishedAt: now() } : {}) },
    });
    throw e;
  }
}
