// The code runner port: runs a learner's JavaScript or TypeScript for a code exercise against its tests, in a
// sandbox with no host access, and says how each test went. The grading, not the learner, decides what is shown:
// hidden tests report only whether they passed, so their inputs and answers stay secret.

/**
 * How a run or a single test ended. A run's verdict is `accepted` when every test passed, else the verdict of the
 * first test that did not (or `compilation_error` when the source does not parse, before any test runs).
 * `internal_error` is ours, never the learner's: the sandbox itself failed, and the run may be retried.
 */
export type Verdict =
  | "accepted"
  | "wrong_answer"
  | "time_limit_exceeded"
  | "memory_limit_exceeded"
  | "runtime_error"
  | "compilation_error"
  | "internal_error";

/**
 * One call of the learner's entry function. `args` and `expected` are JSON values (the exercise's data), since they
 * cross into the sandbox and back as JSON; the answer is compared with `expected` as canonical JSON (object keys
 * sorted), so key order does not matter but types do (`1` is not `"1"`).
 */
export interface RunTest {
  name: string;
  args: unknown[];
  expected: unknown;
  /** A hidden test's arguments, answer, error and console output are never reported, only its verdict. */
  hidden: boolean;
}

export interface TestResult {
  name: string;
  hidden: boolean;
  passed: boolean;
  verdict: Verdict;
  /** Visible tests only: what the entry function returned (as JSON), when it returned at all. */
  got?: unknown;
  /** Visible tests only: the answer the test wanted. */
  expected?: unknown;
  /** Visible tests only: why the test did not produce an answer (exception, time or memory limit). */
  error?: string;
  /** Wall time of the test, learner code and harness, in milliseconds. */
  ms: number;
}

/** Limits of one run. Time and memory apply to each test on its own, output to the whole run. */
export interface RunLimits {
  /** CPU budget of each test, in milliseconds: the learner's top level and the call each get this much. */
  timeMs: number;
  /** CPU budget of the whole run: once spent, the tests not yet run are time limit exceeded without running. */
  totalMs: number;
  /** Heap of each test's sandbox, in bytes. */
  memoryBytes: number;
  /** Console output kept for the whole run, in UTF-8 bytes; the rest is dropped. */
  outputBytes: number;
}

/** Enough for exercise-sized solutions, small enough that a runaway one costs the host little. */
export const DEFAULT_RUN_LIMITS: RunLimits = {
  timeMs: 1000 /* per test */,
  totalMs: 10_000,
  memoryBytes: 32 * 1024 * 1024,
  outputBytes: 64 * 1024,
};

export interface RunRequest {
  /** TypeScript is only stripped of its types (no type check): a type error alone does not fail a run. */
  language: "javascript" | "typescript";
  /** A script, not a module: top-level declarations are visible to the harness, `import`/`export` do not parse. */
  source: string;
  /** The name of the top-level function (declaration, `const` or `let`) each test calls. */
  entry: string;
  tests: RunTest[];
  /** Missing fields fall back to DEFAULT_RUN_LIMITS. */
  limits?: Partial<RunLimits>;
}

export interface RunResult {
  verdict: Verdict;
  passed: number;
  total: number;
  /** One result per test, in order; empty when the source did not compile. */
  tests: TestResult[];
  /** The parser's message, when the verdict is `compilation_error`. */
  compileError?: string;
  /** Console output of the visible tests, truncated to outputBytes: hidden tests' output would leak their inputs. */
  output: string;
}

/**
 * Runs learner code. Implementations must isolate each test (no state carried from one to the next), expose nothing
 * of the host (network, files, environment) and never throw for anything the learner wrote: every outcome is a verdict.
 */
export interface CodeRunner {
  run(req: RunRequest): Promise<RunResult>;
}
