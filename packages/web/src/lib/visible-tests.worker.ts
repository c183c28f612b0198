// Runs a learner's code against an exercise's visible tests, in a Web Worker of the learner's own browser: their
// own code on their own machine, away from the page (no DOM, no cookies, no access token). The page terminates the
// worker when it takes too long. Hidden tests never reach the browser; the server's sandbox scores a submission.
import { transform } from "sucrase";
import type { VisibleRunMessage, VisibleRunRequest } from "./visible-tests";

// The worker's global scope (the web app compiles against the DOM library, not the worker one).
declare const self: {
  postMessage(message: VisibleRunMessage): void;
  onmessage: ((event: MessageEvent<VisibleRunRequest>) => void) | null;
};

const ENTRY_PATTERN = /^[A-Za-z_$][\w$]*$/;

const post = (m: VisibleRunMessage) => self.postMessage(m);

const describe = (e: unknown) =>
  e instanceof Error ? `${e.name}: ${e.message}` : `Uncaught ${JSON.stringify(e) ?? String(e)}`;

/**
 * JSON with object keys sorted at every level, so answers compare by value whatever order the keys were built in
 * (the server's sandbox compares the same way). The value goes through JSON first: undefined members dropped.
 */
function canonicalJson(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.stringify(sortKeys(JSON.parse(text)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** The answer as it would come back through JSON (what the server's sandbox compares). */
function throughJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

self.onmessage = async (event: MessageEvent<VisibleRunRequest>) => {
  const { source, language, entry, tests } = event.data;
  if (!ENTRY_PATTERN.test(entry)) {
    post({ type: "done", compileError: `The exercise's entry "${entry}" is not a function name.` });
    return;
  }
  let code = source;
  try {
    if (language === "typescript") code = transform(source, { transforms: ["typescript"] }).code;
    // Parses without running: a syntax error is reported once, before any test.
    new Function(code);
  } catch (e) {
    // An EvalError is the page's security policy refusing to run code in this worker, not the learner's mistake.
    post(e instanceof EvalError ? { type: "done", blocked: describe(e) } : { type: "done", compileError: describe(e) });
    return;
  }
  for (const [index, test] of tests.entries()) {
    const started = performance.now();
    try {
      // A fresh evaluation of the source for each test, so one test's top-level state does not reach the next.
      // Not strict, as in the server's sandbox, which evaluates the source as a plain script.
      const load = new Function(`${code}\n;return typeof ${entry} === "function" ? ${entry} : undefined;`);
      const fn = load() as ((...args: unknown[]) => unknown) | undefined;
      if (!fn) throw new TypeError(`${entry} is not a function`);
      const got = throughJson(await fn(...(structuredClone(test.args) as unknown[])));
      const passed = canonicalJson(got) === canonicalJson(test.expected);
      post({ type: "test", index, passed, got, ms: Math.round(performance.now() - started) });
    } catch (e) {
      post({ type: "test", index, passed: false, error: describe(e), ms: Math.round(performance.now() - started) });
    }
  }
  post({ type: "done" });
};
