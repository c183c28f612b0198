// The code runner on QuickJS compiled to WebAssembly: learner code runs in an interpreter with its own heap, no
// network, no files and no host objects but a console, under a deadline, a memory ceiling and a stack limit.
// Each test gets a fresh runtime, so nothing a test leaves behind (globals, prototypes, memory) reaches the next.

import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten";
import { canonicalJson } from "./json.js";
import {
  type CodeRunner,
  DEFAULT_RUN_LIMITS,
  type RunLimits,
  type RunRequest,
  type RunResult,
  type RunTest,
  type TestResult,
  type Verdict,
} from "./port.js";

/** Deep enough for honest recursion, shallow enough that runaway recursion fails fast as a stack overflow. */
const MAX_STACK_BYTES = 256 * 1024;
/** The file name in learner-facing messages (`at solve (solution.js:3:11)`); TypeScript keeps its line numbers. */
const SOURCE_FILE = "solution.js";
/** The entry is spliced into evaluated code, so it must be a plain identifier and nothing else. */
const ENTRY_PATTERN = /^[A-Za-z_$][\w$]*$/;
/** Enough frames to find the failing line; a stack overflow would otherwise print thousands. */
const MAX_STACK_FRAMES = 5;
const MAX_ERROR_CHARS = 2000;
/**
 * A test that held the thread far past its limits (the source and the call each get timeMs) outran the interrupt
 * handler inside builtins; the rest of the run is then not attempted, so one solution costs the host one overrun,
 * not one per test. Until runs execute in a worker that can be killed, this is the bound on a run's wall time.
 */
const OVERRUN_FACTOR = 2;
const OVERRUN_GRACE_MS = 250;
const NOT_RUN_AFTER_OVERRUN = "Not run: an earlier test ran far past the time limit";
const NOT_RUN_AFTER_TOTAL = "Not run: the run's total time limit was used up by the tests before it.";
/** Console methods learners reach for; all are the same host function, appending to the run's output. */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

type WasmMemory = ReturnType<QuickJSWASMModule["getWasmMemory"]>;

interface Engine {
  quickjs: QuickJSWASMModule;
  /** The module's linear memory, and its size before any learner code ran. */
  memory: WasmMemory;
  baselineBytes: number;
  /** TypeScript to JavaScript, types stripped; throws on a syntax error. */
  stripTypes(source: string): string;
}

/**
 * QuickJS's own heap limit (JS_SetMemoryLimit) is not enough in this build: without malloc_usable_size it counts
 * only a few bytes of overhead per allocation, so it refuses any single allocation over the limit and floods of small
 * objects, but not thousands of mid-sized arrays or buffers (an "8 MB" runtime was seen holding 700 MB). The module's
 * linear memory is the honest measure: a test fails with memory_limit_exceeded once it grows past the size the module
 * had before any learner code ran plus the test's memoryBytes.
 */
function memoryCeiling(engine: Engine, limits: RunLimits): number {
  return engine.baselineBytes + limits.memoryBytes;
}

let engineLoad: Promise<Engine> | undefined;

/**
 * The WebAssembly module and the TypeScript stripper, loaded on first use and then shared by every run, so importing
 * this file costs nothing. The module is private to the runner (not the package-wide `getQuickJS()` singleton): its
 * memory size then measures learner code alone (see memoryCeiling), and a module that faulted or grew too large can
 * be dropped for a fresh one without breaking any other user.
 */
function loadEngine(): Promise<Engine> {
  if (!engineLoad) {
    const load = (async (): Promise<Engine> => {
      // The single-file build carries its WebAssembly inline, so a bundled Lambda needs no .wasm file beside it.
      const [{ newQuickJSWASMModule }, variant, { transform }] = await Promise.all([
        import("quickjs-emscripten"),
        import("@jitl/quickjs-singlefile-cjs-release-sync"),
        import("sucrase"),
      ]);
      const quickjs = await newQuickJSWASMModule(variant.default);
      const memory = quickjs.getWasmMemory();
      return {
        quickjs,
        memory,
        baselineBytes: memory.buffer.byteLength,
        stripTypes: (source) => transform(source, { transforms: ["typescript"] }).code,
      };
    })();
    engineLoad = load;
    // A failed load is retried by the next run rather than remembered.
    load.catch(() => {
      if (engineLoad === load) engineLoad = undefined;
    });
  }
  return engineLoad;
}

/**
 * Forget a module that failed on the host side (a WebAssembly abort leaves its heap in an unknown state) or whose
 * memory grew past a test's ceiling (WebAssembly memory never shrinks; a fresh module starts small again).
 */
function discardEngine(load: Promise<Engine>): void {
  if (engineLoad === load) engineLoad = undefined;
}

export class QuickJsRunner implements CodeRunner {
  async run(req: RunRequest): Promise<RunResult> {
    const limits = resolveLimits(req.limits);
    const total = req.tests.length;
    if (!ENTRY_PATTERN.test(req.entry)) return { verdict: "internal_error", passed: 0, total, tests: [], output: "" };
    let load = loadEngine();
    let engine: Engine;
    try {
      engine = await load;
    } catch {
      return { verdict: "internal_error", passed: 0, total, tests: [], output: "" };
    }

    let code = req.source;
    if (req.language === "typescript") {
      try {
        code = engine.stripTypes(req.source);
      } catch (error) {
        const compileError = error instanceof Error ? error.message : String(error);
        return { verdict: "compilation_error", passed: 0, total, tests: [], compileError, output: "" };
      }
    }

    let compileError: string | undefined;
    try {
      compileError = checkSyntax(engine.quickjs, code, limits);
    } catch {
      discardEngine(load);
      return { verdict: "internal_error", passed: 0, total, tests: [], output: "" };
    }
    if (compileError !== undefined) {
      return { verdict: "compilation_error", passed: 0, total, tests: [], compileError, output: "" };
    }

    const output = new OutputBuffer(limits.outputBytes);
    const tests: TestResult[] = [];
    let overran = false;
    let spentMs = 0;
    for (const test of req.tests) {
      if (overran) {
        tests.push(toResult(test, { verdict: "time_limit_exceeded", error: NOT_RUN_AFTER_OVERRUN }, 0));
        continue;
      }
      if (spentMs >= limits.totalMs) {
        tests.push(toResult(test, { verdict: "time_limit_exceeded", error: NOT_RUN_AFTER_TOTAL }, 0));
        continue;
      }
      const started = performance.now();
      let outcome: Outcome;
      try {
        // A previous test (of this run or another) left the memory past this test's ceiling: start from a fresh module.
        if (engine.memory.buffer.byteLength > memoryCeiling(engine, limits)) {
          discardEngine(load);
          load = loadEngine();
          engine = await load;
        }
        outcome = runTest(engine, code, req.entry, test, limits, output);
      } catch {
        // Our failure, not the learner's: a host-side throw or a WebAssembly abort.
        discardEngine(load);
        outcome = { verdict: "internal_error", error: "The sandbox failed; try again." };
      }
      const ms = Math.round(performance.now() - started);
      tests.push(toResult(test, outcome, ms));
      spentMs += ms;
      overran = ms > OVERRUN_FACTOR * limits.timeMs + OVERRUN_GRACE_MS;
      // Each test holds the thread for up to its time limit; let the host's other work in between.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }

    const failed = tests.find((t) => !t.passed);
    return {
      verdict: failed ? failed.verdict : "accepted",
      passed: tests.filter((t) => t.passed).length,
      total,
      tests,
      output: output.text(),
    };
  }
}

function resolveLimits(limits: Partial<RunLimits> | undefined): RunLimits {
  const pick = (value: number | undefined, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    timeMs: pick(limits?.timeMs, DEFAULT_RUN_LIMITS.timeMs),
    memoryBytes: pick(limits?.memoryBytes, DEFAULT_RUN_LIMITS.memoryBytes),
    outputBytes: pick(limits?.outputBytes, DEFAULT_RUN_LIMITS.outputBytes),
    totalMs: pick(limits?.totalMs, DEFAULT_RUN_LIMITS.totalMs),
  };
}

/**
 * Parses the source without running it, in a throwaway runtime: a syntax error is a compilation error before any
 * test, and nothing of the learner's top level executes here. Returns the parser's message, or undefined.
 */
function checkSyntax(quickjs: QuickJSWASMModule, code: string, limits: RunLimits): string | undefined {
  const runtime = quickjs.newRuntime();
  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    const deadline = Date.now() + limits.timeMs;
    runtime.setInterruptHandler(() => Date.now() >= deadline);
    const context = runtime.newContext();
    try {
      // `type: "global"` matters: without it QuickJS guesses, and evaluates code containing `export` as a module.
      const compiled = context.evalCode(code, SOURCE_FILE, { type: "global", compileOnly: true });
      if (compiled.error) {
        const thrown = describeThrown(context, compiled.error);
        compiled.error.dispose();
        return formatThrown(thrown);
      }
      compiled.value.dispose();
      return undefined;
    } finally {
      context.dispose();
    }
  } finally {
    runtime.dispose();
  }
}

interface Outcome {
  verdict: Verdict;
  /** Set when the entry returned: its answer as JSON (undefined when it returned undefined). */
  answer?: { value: unknown };
  error?: string;
}

/**
 * One test in a fresh runtime: install the console, evaluate the learner's source, call the entry with the test's
 * arguments (parsed from JSON inside the sandbox), await a returned promise, and bring the answer back as JSON.
 * Every handle is disposed before the runtime: QuickJS aborts the whole module when a runtime is freed with live
 * objects.
 */
function runTest(
  engine: Engine,
  code: string,
  entry: string,
  test: RunTest,
  limits: RunLimits,
  output: OutputBuffer,
): Outcome {
  const runtime = engine.quickjs.newRuntime();
  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    const { memory } = engine;
    const ceiling = memoryCeiling(engine, limits);
    let deadline = Date.now() + limits.timeMs;
    // The host's own record of why code was stopped: the errors QuickJS raises could be imitated, these cannot.
    const stopped = { time: false, memory: false };
    runtime.setInterruptHandler(() => {
      if (memory.buffer.byteLength > ceiling) stopped.memory = true;
      else if (Date.now() >= deadline) stopped.time = true;
      else return false;
      return true;
    });
    // Also checked whenever code ends: QuickJS polls the handler only every ~10,000 bytecode jumps and calls, and
    // time spent inside a builtin (a sort, a repeat, a stringify) counts for nothing, so a loop of heavy builtin calls
    // can end (or overrun) well past the deadline without ever being interrupted.
    const limitHit = () => {
      if (memory.buffer.byteLength > ceiling) stopped.memory = true;
      else if (Date.now() > deadline) stopped.time = true;
      return stopped.memory || stopped.time;
    };
    const context = runtime.newContext();
    const handles: QuickJSHandle[] = [];
    const keep = (handle: QuickJSHandle) => {
      handles.push(handle);
      return handle;
    };
    const failed = (thrown: QuickJSHandle): Outcome => {
      const described = limitHit() ? undefined : describeThrown(context, thrown);
      thrown.dispose();
      return classify(described, stopped, limits);
    };
    try {
      installConsole(context, test.hidden ? undefined : output);
      // Held by the host before learner code runs, so redefining JSON cannot change how answers are read.
      const json = keep(context.getProp(context.global, "JSON"));
      const parse = keep(context.getProp(json, "parse"));
      const stringify = keep(context.getProp(json, "stringify"));
      const args: QuickJSHandle[] = [];
      for (const arg of test.args) {
        const text = JSON.stringify(arg);
        if (text === undefined) {
          args.push(context.undefined);
          continue;
        }
        const parsed = context.callFunction(parse, context.undefined, keep(context.newString(text)));
        if (parsed.error) return failed(parsed.error);
        args.push(keep(parsed.value));
      }

      deadline = Date.now() + limits.timeMs;
      const loaded = context.evalCode(code, SOURCE_FILE, { type: "global" });
      if (loaded.error) return failed(loaded.error);
      loaded.value.dispose();
      if (limitHit()) return classify(undefined, stopped, limits);

      deadline = Date.now() + limits.timeMs;
      const found = context.evalCode(entry, "harness.js", { type: "global" });
      if (found.error) return failed(found.error);
      const fn = keep(found.value);
      if (context.typeof(fn) !== "function") {
        return { verdict: "runtime_error", error: `TypeError: ${entry} is not a function` };
      }
      const called = context.callFunction(fn, context.undefined, args);
      if (called.error) return failed(called.error);
      const returned = keep(called.value);

      let state = context.getPromiseState(returned);
      if (state.type === "pending") {
        const jobs = runtime.executePendingJobs(-1);
        if (jobs.error) return failed(jobs.error);
        state = context.getPromiseState(returned);
      }
      if (state.type === "pending") {
        if (limitHit()) return classify(undefined, stopped, limits);
        return { verdict: "runtime_error", error: "The returned promise never settled" };
      }
      if (state.type === "rejected") return failed(state.error);
      // For a value that is not a promise, the state holds the same handle rather than a new one.
      const value = state.value === returned ? returned : keep(state.value);

      const serialized = context.callFunction(stringify, context.undefined, value);
      if (serialized.error) return failed(serialized.error);
      const text = keep(serialized.value);
      // A learner may catch the interrupt's error and return normally; the limit was still exceeded.
      if (limitHit()) return classify(undefined, stopped, limits);
      const answer = context.typeof(text) === "string" ? JSON.parse(context.getString(text)) : undefined;
      return {
        verdict: canonicalJson(answer) === canonicalJson(test.expected) ? "accepted" : "wrong_answer",
        answer: { value: answer },
      };
    } finally {
      for (const handle of handles.reverse()) if (handle.alive) handle.dispose();
      context.dispose();
    }
  } finally {
    runtime.dispose();
  }
}

/** The only host function in the sandbox. Hidden tests get one that writes nowhere: their output would show inputs. */
function installConsole(context: QuickJSContext, output: OutputBuffer | undefined): void {
  const log = context.newFunction("log", (...args) => {
    if (!output || output.full) return;
    output.write(args.map((arg) => formatLogged(context, arg)).join(" ") + "\n");
  });
  const console = context.newObject();
  try {
    for (const method of CONSOLE_METHODS) context.setProp(console, method, log);
    context.setProp(context.global, "console", console);
  } finally {
    console.dispose();
    log.dispose();
  }
}

function formatLogged(context: QuickJSContext, handle: QuickJSHandle): string {
  const type = context.typeof(handle);
  if (type === "string") return context.getString(handle);
  if (type === "undefined") return "undefined";
  if (type === "function") return "[Function]";
  if (type === "symbol") return "Symbol()";
  const value: unknown = context.dump(handle);
  // dump() falls back to the value's string form (e.g. "[object Object]" for a cycle), which is already text.
  if (type === "object" && typeof value !== "string") return JSON.stringify(value) ?? String(value);
  return String(value);
}

interface Thrown {
  name?: string;
  message: string;
  stack?: string;
}

/** What the sandbox threw, read defensively: learners throw strings, objects and nulls as well as errors. */
function describeThrown(context: QuickJSContext, handle: QuickJSHandle): Thrown {
  let value: unknown;
  try {
    value = context.dump(handle);
  } catch {
    return { message: "Uncaught exception" };
  }
  if (value !== null && typeof value === "object") {
    const { name, message, stack } = value as Record<string, unknown>;
    if (typeof message === "string") {
      return {
        ...(typeof name === "string" ? { name } : {}),
        message,
        ...(typeof stack === "string" ? { stack } : {}),
      };
    }
    return { message: `Uncaught ${JSON.stringify(value) ?? String(value)}` };
  }
  return { message: `Uncaught ${typeof value === "string" ? value : String(value)}` };
}

function formatThrown(thrown: Thrown): string {
  const head = thrown.name ? `${thrown.name}: ${thrown.message}` : thrown.message;
  const frames = (thrown.stack ?? "")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, MAX_STACK_FRAMES);
  const text = [head, ...frames].join("\n");
  return text.length > MAX_ERROR_CHARS ? text.slice(0, MAX_ERROR_CHARS) + "…" : text;
}

/**
 * The verdict of a test that threw. QuickJS reports its limits as InternalErrors: "out of memory" past the heap
 * limit, "string too long" past its 2^30-character cap (which a doubling string reaches before any heap limit, as
 * concatenation is lazy), "stack overflow" past the stack limit; a stack overflow is the learner's bug, so it stays a
 * runtime error.
 */
function classify(thrown: Thrown | undefined, stopped: { time: boolean; memory: boolean }, limits: RunLimits): Outcome {
  const outOfMemory =
    thrown?.name === "InternalError" && (thrown.message === "out of memory" || thrown.message === "string too long");
  if (stopped.memory || outOfMemory) {
    const mb = Math.round((limits.memoryBytes / (1024 * 1024)) * 10) / 10;
    return { verdict: "memory_limit_exceeded", error: `Memory limit exceeded (${mb} MB)` };
  }
  if (stopped.time || !thrown) {
    return { verdict: "time_limit_exceeded", error: `Time limit exceeded (${limits.timeMs} ms)` };
  }
  return { verdict: "runtime_error", error: formatThrown(thrown) };
}

function toResult(test: RunTest, outcome: Outcome, ms: number): TestResult {
  const base = {
    name: test.name,
    hidden: test.hidden,
    passed: outcome.verdict === "accepted",
    verdict: outcome.verdict,
  };
  if (test.hidden) return { ...base, ms };
  return {
    ...base,
    ...(outcome.answer ? { got: outcome.answer.value, expected: test.expected } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    ms,
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The run's console output, capped in UTF-8 bytes and cut on a character boundary. */
class OutputBuffer {
  private readonly parts: string[] = [];
  private bytes = 0;
  full = false;

  constructor(private readonly limit: number) {}

  write(text: string): void {
    if (this.full) return;
    const encoded = encoder.encode(text);
    const room = this.limit - this.bytes;
    if (encoded.length <= room) {
      this.parts.push(text);
      this.bytes += encoded.length;
      return;
    }
    let cut = room;
    while (cut > 0 && ((encoded[cut] ?? 0) & 0xc0) === 0x80) cut--;
    this.parts.push(decoder.decode(encoded.subarray(0, cut)));
    this.bytes += cut;
    this.full = true;
  }

  text(): string {
    return this.parts.join("");
  }
}
