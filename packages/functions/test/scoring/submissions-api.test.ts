// Code submissions over HTTP and through the scoring queue's worker, against DynamoDB Local: the seeded exercises'
// reference solutions, starters, partial and broken solutions get the right verdicts; escape and abuse attempts
// get theirs and reach nothing outside; a submission is scored once however often the job is delivered, and its
// result reaches the learning session as one attempt.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { devLogIn } from "@pactly/core/auth";
import { type ContentPack, importPack } from "@pactly/core/content";
import { getJob } from "@pactly/core/jobs";
import { scoreSubmission } from "@pactly/core/scoring";
import { describe, expect, it } from "vitest";
import { testPlatform } from "../../../core/test/helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../../../core/test/helpers/tutor-pack.js";
import { createApp } from "../../src/api/app.js";
import { DOMAIN_MODULES } from "../../src/domains.js";
import { QueueRunner } from "../../src/local/queue-runner.js";
import { jobHandlersFor } from "../../src/workers/handlers.js";
import { jobWorker } from "../../src/workers/job-worker.js";

const SEED = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../core/src/content/packs/net_prompting.json", import.meta.url)), "utf8"),
) as ContentPack;
type Code = Extract<ContentPack["questions"][number], { kind: "code" }>;
const CODE = SEED.questions.filter((q): q is Code => q.kind === "code");

async function setup() {
  const { platform: p } = await testPlatform({ domains: DOMAIN_MODULES, config: { devSignIn: true } });
  const report = await importPack(p, { ...SEED, questions: CODE }, { by: "seed", publish: true });
  expect(report.problems).toEqual([]);
  await publishTutorPack(p);
  const a = createApp(p);
  const tokenOf = async (email: string) => (await devLogIn(p, { email, name: "L" })).accessToken;
  const ada = await tokenOf("ada@example.com");
  const call = async (method: string, path: string, body?: unknown, token = ada) => {
    const res = await a.request(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const runner = new QueueRunner(p, {
    queue: "scoring",
    handler: jobWorker(p, jobHandlersFor(p, "scoring")),
    retryDelaySeconds: 0,
  });
  /** Submits, lets the worker score it, and reads the result back. */
  const score = async (questionId: string, code: string, extra: Record<string, unknown> = {}) => {
    const queued = await call("POST", "/submissions", { questionId, code, ...extra });
    expect(queued.status).toBe(202);
    expect(queued.json.status).toBe("queued");
    await runner.drain();
    return (await call("GET", `/submissions/${queued.json.id}`)).json;
  };
  return { p, call, score, tokenOf, runner };
}

describe("scoring the seeded exercises", () => {
  it("accepts every reference solution, rejects every starter, and gives partial credit in between", async () => {
    const { score } = await setup();
    expect(CODE.length).toBeGreaterThanOrEqual(10);
    for (const q of CODE) {
      const right = await score(q.id, q.answer);
      expect(right, q.id).toMatchObject({ status: "scored", verdict: "accepted", score: 1 });
      const starter = await score(q.id, q.starter);
      expect(starter.verdict, q.id).not.toBe("accepted");
      expect(starter.score).toBeLessThan(1);
      expect(starter.feedback).toMatch(/tests pass/);
      for (const t of starter.tests.filter((t: { hidden: boolean }) => t.hidden))
        expect(Object.keys(t).sort(), q.id).toEqual(["hidden", "ms", "name", "passed", "verdict"]);
    }
    // Partially right: the reference solution with one hidden edge case broken still passes the visible tests.
    const q = CODE[0]!;
    const broken = await score(
      q.id,
      `${q.answer}\n;const __orig = ${q.entry}; ${q.entry} = (...a) => (JSON.stringify(a) === ${JSON.stringify(JSON.stringify(q.hiddenTests[0]!.args))} ? null : __orig(...a));`,
    );
    expect(broken.verdict).toBe("wrong_answer");
    expect(broken.score).toBeGreaterThan(0);
    expect(broken.score).toBeLessThan(1);
    const syntax = await score(q.id, "function (");
    expect(syntax).toMatchObject({ verdict: "compilation_error", score: 0 });
    expect(syntax.compileError).toBeTruthy();
  }, 240_000);
});

describe("escape and abuse attempts", () => {
  it("ends each with its verdict and reaches nothing outside the sandbox", async () => {
    const { score, call, tokenOf } = await setup();
    const id = "gamma-code";
    const wrap = (body: string) => `function double(n) { ${body} }`;
    const cases: [string, string][] = [
      [wrap("while (true) {}"), "time_limit_exceeded"],
      [wrap("return double(n + 1);"), "runtime_error"],
      [wrap("const a = []; while (true) a.push(new Array(1e5).fill(n));"), "memory_limit_exceeded"],
      [wrap("for (;;) console.log('x'.repeat(1000)); "), "time_limit_exceeded"],
      [wrap("return require('fs').readFileSync('/etc/passwd', 'utf8');"), "runtime_error"],
      [wrap("return process.env;"), "runtime_error"],
      [wrap("return fetch('http://127.0.0.1:1');"), "runtime_error"],
      [wrap("return import('node:fs');"), "runtime_error"],
      [
        wrap(
          "return Function('return typeof process + typeof require + typeof globalThis.fetch')() === 'undefinedundefinedundefined' ? n * 2 : 0;",
        ),
        "accepted",
      ],
      [wrap("return this.constructor.constructor('return process')().exit(1);"), "runtime_error"],
      [wrap("setTimeout(() => {}, 10); return n * 2;"), "runtime_error"],
    ];
    for (const [code, verdict] of cases) {
      const s = await score(id, code);
      expect(s.verdict, code).toBe(verdict);
    }
    // Another learner's submission is not there for them.
    const mine = await call("POST", "/submissions", { questionId: id, code: wrap("return n * 2;") });
    const bob = await tokenOf("bob@example.com");
    expect((await call("GET", `/submissions/${mine.json.id}`, undefined, bob)).status).toBe(404);
    // Bad input: the error format, nothing stored.
    const huge = await call("POST", "/submissions", { questionId: id, code: "x".repeat(20_001) });
    expect(huge.status).toBe(400);
    const notCode = await call("POST", "/submissions", { questionId: "alpha-1", code: "1" });
    expect(notCode.json.error.code).toBe("scoring.not_code");
  }, 240_000);
});

describe("a submission in a learning session", () => {
  it("is scored once however often its job is delivered, and reaches the session as one attempt", async () => {
    const { p, call, runner } = await setup();
    const { json: session } = await call("POST", "/learning-sessions", { mode: "practice", track: TUTOR_TRACK });
    let next = await call("GET", `/learning-sessions/${session.id}/next`);
    while (next.json.current.question.id !== "gamma-code")
      next = await call("GET", `/learning-sessions/${session.id}/next?skip=true`);
    const queued = await call("POST", "/submissions", {
      questionId: "gamma-code",
      code: "function double(n) { return n + n + (n < 0 ? 1 : 0); }",
      sessionId: session.id,
    });
    // Two deliveries at once, as when a worker is killed mid-run and the message comes back while it still runs.
    const job = {
      id: "manual",
      kind: "scoring.submission",
      queue: "scoring" as const,
      ownerId: "x",
      status: "running" as const,
      attempts: 1,
      input: { submissionId: queued.json.id, userId: (await call("GET", "/me")).json.id },
      createdAt: "",
      updatedAt: "",
    };
    await Promise.all([scoreSubmission(p, job), scoreSubmission(p, job)]);
    await runner.drain();
    await scoreSubmission(p, job);
    const result = (await call("GET", `/submissions/${queued.json.id}`)).json;
    expect(result).toMatchObject({ verdict: "wrong_answer", passed: 1, total: 2, nextHintLevel: 1 });
    expect(result.feedback).toMatch(/hidden/);
    const view = (await call("GET", `/learning-sessions/${session.id}`)).json;
    const attempts = view.events.filter((e: { type: string }) => e.type === "attempt");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ questionId: "gamma-code", correct: false, submissionId: queued.json.id });
    expect(view.current.nextHintLevel).toBe(1);
    const jobStatus = await getJob(
      p,
      { userId: "system", role: "system" },
      (await p.store.queryAll({ index: "gsi1", pk: `USER#${job.input.userId}#JOBS` }))[0]!.id as string,
    );
    expect(jobStatus.status).toBe("succeeded");
  }, 120_000);

  it("judges code that stopped the worker twice as out of time, without running it a third time", async () => {
    const { p, call, runner } = await setup();
    const queued = await call("POST", "/submissions", {
      questionId: "gamma-code",
      code: "function double(n) { return n * 2; }",
    });
    const me = (await call("GET", "/me")).json.id as string;
    // Two earlier deliveries started a run and never came back (the worker was stopped at its timeout).
    await p.store.update({ pk: `USER#${me}`, sk: `SUBMISSION#${queued.json.id}` }, { add: { runsStarted: 2 } });
    await runner.drain();
    const result = (await call("GET", `/submissions/${queued.json.id}`)).json;
    expect(result).toMatchObject({ status: "scored", verdict: "time_limit_exceeded", passed: 0, score: 0 });
    expect(result.tests[0].error).toMatch(/stopped/);
  }, 120_000);
});
