// Submissions: stored with their code, queued for the scoring worker (one at a time), scored exactly once however
// often the worker is delivered the job, and the result handed to the learner's learning session as an attempt.
import { getPublishedQuestion, getVersion, type PublishedQuestion } from "../content/index.js";
import { enqueueJob, type Job } from "../jobs/index.js";
import {
  conflict,
  defineEntity,
  enforceRateLimit,
  type Item,
  isConditionFailed,
  notFound,
  type Platform,
} from "../platform/index.js";
import type { RunResult } from "../platform/runner/port.js";
import { traceExpiry } from "../privacy/index.js";
import type { Submission, SubmitCode } from "./model.js";

type Code = Extract<PublishedQuestion, { kind: "code" }>;

export const SCORING_JOB_KIND = "scoring.submission";
/** Runs of one submission that may end without a result (the worker stopped at its timeout) before it is judged. */
const MAX_RUNS_STARTED = 2;

/** The verdict of code that stopped the worker twice: every test out of time, none run again. */
function stoppedRun(q: Code): RunResult {
  const tests = [
    ...q.visibleTests.map((t) => ({ ...t, hidden: false })),
    ...q.hiddenTests.map((t) => ({ ...t, hidden: true })),
  ];
  return {
    verdict: "time_limit_exceeded",
    passed: 0,
    total: tests.length,
    output: "",
    tests: tests.map((t) => ({
      name: t.name,
      hidden: t.hidden,
      passed: false,
      verdict: "time_limit_exceeded" as const,
      ms: 0,
      ...(t.hidden
        ? {}
        : { expected: t.expected, error: "The run was stopped before it finished: time limit exceeded." }),
    })),
  };
}
export const SUBMISSION_RATE_LIMIT = { bucket: "scoring.submissions", limit: 60, windowSeconds: 600 } as const;

export type SubmissionItem = Item &
  Omit<Submission, "nextHintLevel"> & { type: "Submission"; userId: string; code: string; language: string };

export const SubmissionRecord = defineEntity("Submission", {
  one: { name: "One code submission with its code and result", pk: "USER#<userId>", sk: "SUBMISSION#<submissionId>" },
  byId: { name: "A code submission by id (the worker's lookup)", index: "gsi1", pk: "SUBMISSION#<submissionId>" },
});

const keyOf = (userId: string, submissionId: string) => SubmissionRecord.key("one", { userId, submissionId });

/** The version a submission is scored against: the session's current item when it has one, else the published one. */
async function questionFor(p: Platform, userId: string, input: SubmitCode): Promise<Code> {
  let q: PublishedQuestion | undefined;
  if (input.sessionId) {
    const { currentVersionOf } = await import("../tutor/index.js");
    const version = await currentVersionOf(p, userId, input.sessionId, input.questionId);
    q = (await getVersion(p, "question", input.questionId, version)) as PublishedQuestion | undefined;
  } else q = await getPublishedQuestion(p, input.questionId);
  if (!q) throw notFound("scoring.question_not_found", `Question "${input.questionId}" does not exist.`);
  if (q.kind !== "code") throw conflict("scoring.not_code", "Only code exercises take submissions.");
  return q;
}

export async function submitCode(p: Platform, userId: string, input: SubmitCode): Promise<Submission> {
  await enforceRateLimit(p, SUBMISSION_RATE_LIMIT, userId);
  const q = await questionFor(p, userId, input);
  const id = p.ids.next();
  const now = p.clock.now().toISOString();
  const item: SubmissionItem = {
    ...keyOf(userId, id),
    gsi1pk: `SUBMISSION#${id}`,
    gsi1sk: "SUBMISSION",
    type: "Submission",
    id,
    userId,
    questionId: q.id,
    questionVersion: q.version,
    sessionId: input.sessionId ?? null,
    language: q.language,
    code: input.code,
    status: "queued",
    verdict: null,
    score: null,
    passed: null,
    total: null,
    tests: [],
    compileError: null,
    feedback: null,
    createdAt: now,
    scoredAt: null,
    expiresAt: traceExpiry(p),
  };
  await p.store.put(item, { absent: true });
  await enqueueJob(p, {
    queue: "scoring",
    kind: SCORING_JOB_KIND,
    ownerId: userId,
    input: { submissionId: id, userId },
  });
  return view(item, null);
}

function view(s: SubmissionItem, nextHintLevel: number | null): Submission {
  return {
    id: s.id,
    questionId: s.questionId,
    questionVersion: s.questionVersion,
    sessionId: s.sessionId,
    status: s.status,
    verdict: s.verdict,
    score: s.score,
    passed: s.passed,
    total: s.total,
    tests: s.tests,
    compileError: s.compileError,
    feedback: s.feedback,
    nextHintLevel,
    createdAt: s.createdAt,
    scoredAt: s.scoredAt,
  };
}

/** A learner's own submission; anyone else's is "not found", as if it did not exist. */
export async function getSubmission(p: Platform, userId: string, id: string): Promise<Submission> {
  const s = await p.store.get<SubmissionItem>(keyOf(userId, id), { consistent: true });
  if (!s) throw notFound("scoring.submission_not_found", "No such submission.");
  let next: number | null = null;
  if (s.sessionId && s.status === "scored" && s.verdict !== "accepted") {
    const { hintLevelAfter } = await import("../tutor/index.js");
    next = await hintLevelAfter(p, userId, s.sessionId, s.questionId);
  }
  return view(s, next);
}

const show = (v: unknown) => JSON.stringify(v);

/** What a learner reads: the verdict, and the first failing visible test with what it wanted and got. */
export function feedbackFor(result: RunResult): string {
  if (result.verdict === "accepted") return `Accepted: all ${result.total} tests pass.`;
  if (result.verdict === "compilation_error")
    return `Compilation error: ${result.compileError ?? "the code does not parse"}.`;
  const firstVisible = result.tests.find((t) => !t.hidden && !t.passed);
  const hiddenFailed = result.tests.filter((t) => t.hidden && !t.passed).length;
  const parts = [`${result.passed} of ${result.total} tests pass.`];
  if (firstVisible)
    parts.push(
      firstVisible.error
        ? `First failing test: "${firstVisible.name}" — ${firstVisible.error}.`
        : `First failing test: "${firstVisible.name}" — expected ${show(firstVisible.expected)}, got ${show(firstVisible.got)}.`,
    );
  else if (hiddenFailed > 0)
    parts.push(`Every visible test passes, but ${hiddenFailed} hidden test(s) do not: think about edge cases.`);
  return parts.join(" ");
}

/**
 * The scoring worker's job: runs the submission against the version's tests and records the result once. A
 * redelivered job (a worker killed mid-run, a retry) finds the result there and changes nothing.
 */
export async function scoreSubmission(p: Platform, job: Job): Promise<Record<string, unknown>> {
  const { submissionId, userId } = job.input as { submissionId: string; userId: string };
  const s = await p.store.get<SubmissionItem>(keyOf(userId, submissionId), { consistent: true });
  if (!s) return { skipped: "missing" };
  if (s.status === "scored") {
    await deliver(p, s);
    return { verdict: s.verdict, alreadyScored: true };
  }
  const q = (await getVersion(p, "question", s.questionId, s.questionVersion)) as Code | undefined;
  if (!q) return { skipped: "version missing" };
  // Counted before the run: a run that takes the worker down with it (killed at its timeout) never gets to record
  // a result, and its job comes back. One such loss may be chance; after two the code itself is the cause.
  const started = await p.store.update<SubmissionItem>(keyOf(userId, submissionId), { add: { runsStarted: 1 } });
  const result =
    Number(started.runsStarted) > MAX_RUNS_STARTED
      ? stoppedRun(q)
      : await p.runner.run({
          language: q.language,
          source: s.code,
          entry: q.entry,
          tests: [
            ...q.visibleTests.map((t) => ({ ...t, hidden: false })),
            ...q.hiddenTests.map((t) => ({ ...t, hidden: true })),
          ],
        });
  const visibleArgs = new Map(q.visibleTests.map((t) => [t.name, t.args]));
  let hiddenNumber = 0;
  const tests = result.tests.map((t) =>
    t.hidden
      ? { name: `Hidden test ${++hiddenNumber}`, hidden: true, passed: t.passed, verdict: t.verdict, ms: t.ms }
      : { ...t, args: visibleArgs.get(t.name) ?? [] },
  );
  const scored: Partial<SubmissionItem> = {
    status: "scored",
    verdict: result.verdict,
    score: result.total ? Math.round((result.passed / result.total) * 1000) / 1000 : 0,
    passed: result.passed,
    total: result.total,
    tests,
    compileError: result.compileError ?? null,
    feedback: feedbackFor(result),
    scoredAt: p.clock.now().toISOString(),
  };
  try {
    const after = await p.store.update<SubmissionItem>(
      keyOf(userId, submissionId),
      { set: scored },
      {
        equals: { status: "queued" },
      },
    );
    await deliver(p, after);
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    // Scored meanwhile by another delivery of the same job: its result stands.
  }
  return { verdict: result.verdict, passed: result.passed, total: result.total };
}

/** Hands a scored submission to its learning session as an attempt (once: the session remembers it). */
async function deliver(p: Platform, s: SubmissionItem): Promise<void> {
  if (!s.sessionId || s.status !== "scored") return;
  const { recordSubmissionAttempt } = await import("../tutor/index.js");
  await recordSubmissionAttempt(p, s.userId, s.sessionId, {
    submissionId: s.id,
    questionId: s.questionId,
    version: s.questionVersion,
    correct: s.verdict === "accepted",
    feedback: s.feedback ?? "",
    code: s.code,
  });
}
