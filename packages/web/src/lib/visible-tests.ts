// Runs an exercise's visible tests against the learner's code in a Web Worker of this browser, and stops the worker
// when the run takes longer than the time limit. A quick check before submitting: the server's sandbox, with the
// hidden tests too, gives the verdict that counts.

export interface VisibleTest {
  name: string;
  args: unknown[];
  expected?: unknown;
}

export interface VisibleRunRequest {
  source: string;
  language: "javascript" | "typescript";
  entry: string;
  tests: VisibleTest[];
}

/** What the worker posts: one message per test as it finishes, then `done` (with a compile error, none ran). */
export type VisibleRunMessage =
  | { type: "test"; index: number; passed: boolean; got?: unknown; error?: string; ms: number }
  | { type: "done"; compileError?: string; blocked?: string };

export interface VisibleTestResult extends VisibleTest {
  passed: boolean;
  got?: unknown;
  error?: string;
  timedOut?: boolean;
}

export interface VisibleRun {
  results: VisibleTestResult[];
  compileError?: string;
  /** This browser refused to run the code at all (its security policy); the reason, when it did. */
  blocked?: string;
  /** The run was stopped at the time limit; the tests it had not finished are marked timed out. */
  timedOut: boolean;
}

/** The whole run's time limit in the browser. */
export const VISIBLE_RUN_LIMIT_MS = 2000;

export const TIME_LIMIT_MESSAGE = "Time limit exceeded";

/** Runs the visible tests in a new worker, which is terminated when they are done or the time limit is up. */
export function runVisibleTests(request: VisibleRunRequest, limitMs = VISIBLE_RUN_LIMIT_MS): Promise<VisibleRun> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./visible-tests.worker.ts", import.meta.url), { type: "module" });
    const finished = new Map<number, VisibleRunMessage & { type: "test" }>();
    let settled = false;
    const settle = (outcome: { compileError?: string; blocked?: string; timedOut?: boolean; failure?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      const results =
        outcome.compileError || outcome.blocked
          ? []
          : request.tests.map((t, i): VisibleTestResult => {
              const r = finished.get(i);
              if (r) return { ...t, passed: r.passed, got: r.got, ...(r.error ? { error: r.error } : {}) };
              if (outcome.failure) return { ...t, passed: false, error: outcome.failure };
              return { ...t, passed: false, error: TIME_LIMIT_MESSAGE, timedOut: true };
            });
      resolve({
        results,
        timedOut: Boolean(outcome.timedOut),
        ...(outcome.compileError ? { compileError: outcome.compileError } : {}),
        ...(outcome.blocked ? { blocked: outcome.blocked } : {}),
      });
    };
    const timer = setTimeout(() => settle({ timedOut: true }), limitMs);
    worker.onmessage = (e: MessageEvent<VisibleRunMessage>) => {
      const m = e.data;
      if (m.type === "test") finished.set(m.index, m);
      else
        settle({
          ...(m.compileError ? { compileError: m.compileError } : {}),
          ...(m.blocked ? { blocked: m.blocked } : {}),
        });
    };
    // The worker itself failed (it could not load, or an error escaped the harness).
    worker.onerror = (e) => {
      e.preventDefault();
      settle({ failure: e.message || "The tests could not run in this browser." });
    };
    worker.postMessage(request);
  });
}
