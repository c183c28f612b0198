// Code submissions: what a learner sends for a code exercise, and what the scoring worker reports back — a
// Judge0-style verdict, per-test results (hidden tests: passed or not, nothing else), partial credit and feedback.
import { z } from "../platform/schema.js";

/** A submission's code is stored with it; this is the most a learner may send. */
export const SUBMISSION_CODE_LIMIT = 20_000;

export const SubmitCode = z
  .object({
    questionId: z.string().min(1).max(80),
    code: z.string().min(1).max(SUBMISSION_CODE_LIMIT),
    /** The learning session the exercise is the current item of: the result is delivered to it as an attempt. */
    sessionId: z.string().min(1).max(40).optional(),
  })
  .openapi("SubmitCode");
export type SubmitCode = z.infer<typeof SubmitCode>;

export const Verdict = z.enum([
  "accepted",
  "wrong_answer",
  "time_limit_exceeded",
  "memory_limit_exceeded",
  "runtime_error",
  "compilation_error",
  "internal_error",
]);

export const SubmissionTest = z
  .object({
    name: z.string(),
    hidden: z.boolean(),
    passed: z.boolean(),
    verdict: Verdict,
    got: z.unknown().optional(),
    expected: z.unknown().optional(),
    args: z.array(z.unknown()).optional(),
    error: z.string().optional(),
    ms: z.number(),
  })
  .openapi("SubmissionTest");

export const Submission = z
  .object({
    id: z.string(),
    questionId: z.string(),
    questionVersion: z.number().int(),
    sessionId: z.string().nullable(),
    status: z.enum(["queued", "scored", "failed"]),
    verdict: Verdict.nullable(),
    /** Weighted share of tests passed, 0–1 (every test weighs the same). */
    score: z.number().nullable(),
    passed: z.number().int().nullable(),
    total: z.number().int().nullable(),
    tests: z.array(SubmissionTest),
    compileError: z.string().nullable(),
    feedback: z.string().nullable(),
    /** The tutor's next hint for the item, when the submission belongs to a learning session and one is unlocked. */
    nextHintLevel: z.number().int().nullable(),
    createdAt: z.string(),
    scoredAt: z.string().nullable(),
  })
  .openapi("Submission");
export type Submission = z.infer<typeof Submission>;
