// Grading a code attempt: the learner's code runs in the sandbox against the exercise's visible and hidden tests.
// The learner hears how many passed and, for visible tests only, what came back.
import type { PublishedQuestion } from "../content/index.js";
import type { Platform } from "../platform/index.js";
import type { RunResult, TestResult } from "../platform/runner/port.js";

type Code = Extract<PublishedQuestion, { kind: "code" }>;

export interface CodeGrade {
  correct: boolean;
  feedback: string;
  details: { verdict: RunResult["verdict"]; passed: number; total: number; tests: TestResult[] };
}

const VERDICT_TEXT: Record<RunResult["verdict"], string> = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  time_limit_exceeded: "Time limit exceeded",
  memory_limit_exceeded: "Memory limit exceeded",
  runtime_error: "Runtime error",
  compilation_error: "Compilation error",
  internal_error: "Internal error",
};

export async function gradeCode(p: Platform, q: Code, source: string): Promise<CodeGrade> {
  const result = await p.runner.run({
    language: q.language,
    source,
    entry: q.entry,
    tests: [
      ...q.visibleTests.map((t) => ({ ...t, hidden: false })),
      ...q.hiddenTests.map((t) => ({ ...t, hidden: true })),
    ],
  });
  const correct = result.verdict === "accepted";
  const hiddenFailed = result.tests.filter((t) => t.hidden && !t.passed).length;
  const feedback = correct
    ? `Accepted: all ${result.total} tests pass.`
    : result.verdict === "compilation_error"
      ? `Compilation error: ${result.compileError ?? "the code does not parse"}.`
      : `${VERDICT_TEXT[result.verdict]}: ${result.passed} of ${result.total} tests pass${
          hiddenFailed > 0 ? ` (${hiddenFailed} hidden)` : ""
        }.`;
  return {
    correct,
    feedback,
    details: {
      verdict: result.verdict,
      passed: result.passed,
      total: result.total,
      // A hidden test says only whether it passed: not its name, inputs, answer or error.
      tests: result.tests.map((t, i) =>
        t.hidden
          ? {
              name: `Hidden test ${i + 1 - q.visibleTests.length}`,
              hidden: true,
              passed: t.passed,
              verdict: t.verdict,
              ms: t.ms,
            }
          : t,
      ),
    },
  };
}
