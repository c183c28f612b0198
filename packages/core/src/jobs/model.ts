// A queued job's record: what the coaching, scoring and task workers report back through GET /v1/jobs/{id}.
import { z } from "../platform/schema.js";
import { defineEntity } from "../platform/store/patterns.js";

export const JobStatus = z.enum(["queued", "running", "retrying", "succeeded", "failed"]);
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  queue: z.enum(["coach", "scoring", "tasks"]),
  ownerId: z.string(),
  status: JobStatus,
  attempts: z.number().int(),
  input: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type Job = z.infer<typeof Job>;

/** What goes on the queue: the job's id and kind; everything else is read from the record. */
export const JobMessage = z.object({ jobId: z.string(), kind: z.string() });
export type JobMessage = z.infer<typeof JobMessage>;

/** Jobs' items and how each is found (docs/data-model.md, platform: access patterns). */
export const JobRecord = defineEntity("Job", {
  one: { name: "Get a job by id", pk: "JOB#<jobId>", sk: "JOB" },
  ofOwner: {
    name: "A user's jobs, newest first (`gsi1sk` is `<createdAt>#<jobId>`)",
    index: "gsi1",
    pk: "USER#<userId>#JOBS",
    descending: true,
  },
});

export const jobKey = (id: string) => JobRecord.key("one", { jobId: id });
export const ownerJobsPk = (ownerId: string) => JobRecord.query("ofOwner", { userId: ownerId }).pk;

/** Job records are kept for 30 days. */
export const JOB_RETENTION_SECONDS = 30 * 24 * 3600;
