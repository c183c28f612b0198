import { describe, expect, it } from "vitest";
import type { RunRequest, RunTest } from "./port.js";
import { QuickJsRunner } from "./quickjs.js";

const runner = new QuickJsRunner();

const sumTests: RunTest[] = [
  { name: "small", args: [[1, 2, 3]], expected: 6, hidden: false },
  { name: "empty", args: [[]], expected: 0, hidden: false },
  { name: "large", args: [[10, 20, 30, 40]], expected: 100, hidden: true },
];

function js(source: string, tests: RunTest[], extra: Partial<RunRequest> = {}): RunRequest {
  return { language: "javascript", source, entry: "solve", tests, ...extra };
}

const one = (args: unknown[] = [], expected: unknown = null, hidden = false): RunTest[] => [
  { name: "t", args, expected, hidden },
];

describe("QuickJsRunner", () => {
  it("accepts a correct solution with a result per test", async () => {
    const result = await runner.run(js("function solve(xs) { return xs.reduce((a, b) => a + b, 0); }", sumTests));
    expect(result.verdict).toBe("accepted");
    expect(result.passed).toBe(3);
    expect(result.total).toBe(3);
    expect(result.tests.map((t) => [t.name, t.verdict, t.passed])).toEqual([
      ["small", "accepted", true],
      ["empty", "accepted", true],
      ["large", "accepted", true],
    ]);
    expect(result.tests[0]).toMatchObject({ got: 6, expected: 6 });
    expect(Object.keys(result.tests[2]!).sort()).toEqual(["hidden", "ms", "name", "passed", "verdict"]);
    for (const t of result.tests) expect(t.ms).toBeGreaterThanOrEqual(0);
  });

  it("reports a wrong answer with got/expected on visible tests only", async () => {
    const result = await runner.run(js("const solve = (xs) => xs.length;", sumTests));
    expect(result.verdict).toBe("wrong_answer");
    expect(result.passed).toBe(1);
    const [small, empty, large] = result.tests;
    expect(small).toMatchObject({ verdict: "wrong_answer", passed: false, got: 3, expected: 6 });
    expect(empty).toMatchObject({ verdict: "accepted", passed: true, got: 0 });
    expect(large).toEqual({ name: "large", hidden: true, passed: false, verdict: "wrong_answer", ms: large!.ms });
  });

  it("compares answers as canonical JSON: key order is free, types are not", async () => {
    const source = 'function solve(kind) { return kind === "obj" ? { b: [1, { d: 2, c: 3 }], a: null } : "1"; }';
    const result = await runner.run(
      js(source, [
        { name: "order", args: ["obj"], expected: { a: null, b: [1, { c: 3, d: 2 }] }, hidden: false },
        { name: "type", args: ["num"], expected: 1, hidden: false },
      ]),
    );
    expect(result.tests.map((t) => t.verdict)).toEqual(["accepted", "wrong_answer"]);
  });

  it("awaits an async entry", async () => {
    const result = await runner.run(js("async function solve(n) { await null; return n * 2; }", one([21], 42)));
    expect(result.verdict).toBe("accepted");
  });

  it("runs TypeScript with type annotations", async () => {
    const source = `
      interface Pair<T> { left: T; right: T }
      type Op = "add" | "mul";
      enum Mode { Fast, Slow }
      function solve(pair: Pair<number>, op: Op): number {
        const mode: Mode = Mode.Fast;
        return (op === "add" ? pair.left + pair.right : pair.left * pair.right) + (mode as number);
      }`;
    const result = await runner.run({
      language: "typescript",
      source,
      entry: "solve",
      tests: [
        { name: "add", args: [{ left: 2, right: 3 }, "add"], expected: 5, hidden: false },
        { name: "mul", args: [{ left: 2, right: 3 }, "mul"], expected: 6, hidden: true },
      ],
    });
    expect(result.verdict).toBe("accepted");
    expect(result.passed).toBe(2);
  });

  it("reports a TypeScript syntax error as a compilation error before any test", async () => {
    const result = await runner.run({
      language: "typescript",
      source: "function solve(x: number { return x }",
      entry: "solve",
      tests: sumTests,
    });
    expect(result.verdict).toBe("compilation_error");
    expect(result.compileError).toBeTruthy();
    expect(result.tests).toEqual([]);
    expect(result).toMatchObject({ passed: 0, total: 3 });
  });

  it("reports a JavaScript syntax error as a compilation error, without running the top level", async () => {
    const result = await runner.run(js('console.log("ran"); function solve( { return 1 }', sumTests));
    expect(result.verdict).toBe("compilation_error");
    expect(result.compileError).toMatch(/SyntaxError/);
    expect(result.compileError).toMatch(/solution\.js:1/);
    expect(result.output).toBe("");
    expect(result.tests).toEqual([]);
  });

  it("stops an infinite loop with time_limit_exceeded", async () => {
    const result = await runner.run(
      js("function solve() { while (true) {} }", [...one(), ...one([], null, true)], { limits: { timeMs: 200 } }),
    );
    expect(result.verdict).toBe("time_limit_exceeded");
    expect(result.tests.map((t) => t.verdict)).toEqual(["time_limit_exceeded", "time_limit_exceeded"]);
    expect(result.tests[0]!.error).toMatch(/Time limit/);
    expect(result.tests[1]!.error).toBeUndefined();
  });

  it("stops a run whose tests together use up the total time budget", async () => {
    const slow = "function solve() { const t = Date.now(); while (Date.now() - t < 120) {} return null; }";
    const tests = [1, 2, 3, 4, 5].flatMap((i) => one([i], null));
    const result = await runner.run(js(slow, tests, { limits: { timeMs: 300, totalMs: 250 } }));
    const verdicts = result.tests.map((t) => t.verdict);
    expect(verdicts.slice(0, 2)).toEqual(["accepted", "accepted"]);
    expect(verdicts.slice(3)).toEqual(["time_limit_exceeded", "time_limit_exceeded"]);
    expect(result.tests.at(-1)!.error).toMatch(/total time/);
    expect(result.verdict).toBe("time_limit_exceeded");
  });

  it("keeps a timeout a timeout when the learner catches it, and at the top level too", async () => {
    const caught = "function solve() { try { while (true) {} } catch (e) { return 1; } return 2; }";
    const topLevel = "while (true) {} function solve() { return 1; }";
    for (const source of [caught, topLevel]) {
      const result = await runner.run(js(source, one([], 1), { limits: { timeMs: 200 } }));
      expect(result.verdict).toBe("time_limit_exceeded");
    }
  });

  it("judges time by the clock when builtins outrun the interrupt, and skips the rest of the run", async () => {
    // QuickJS polls for interrupts every ~10,000 jumps and calls; time inside JSON.stringify does not count.
    const source = `
      const big = new Array(20000).fill("abc");
      function solve() { let n = 0; for (let i = 0; i < 600; i++) n += JSON.stringify(big).length; return n; }`;
    const tests = [1, 2, 3].map((i) => ({ name: `t${i}`, args: [], expected: 0, hidden: i === 3 }));
    const result = await runner.run(js(source, tests, { limits: { timeMs: 200 } }));
    expect(result.verdict).toBe("time_limit_exceeded");
    expect(result.tests.map((t) => t.verdict)).toEqual(tests.map(() => "time_limit_exceeded"));
    expect(result.tests[0]!.error).toMatch(/Time limit/);
    expect(result.tests[1]!.error).toMatch(/Not run/);
    expect(result.tests[2]).not.toHaveProperty("error");
  });

  it("stops runaway allocation with memory_limit_exceeded", async () => {
    const limits = { memoryBytes: 8 * 1024 * 1024 };
    const sources = [
      "function solve() { const a = []; while (true) a.push({ n: a.length }); }",
      "function solve() { const a = []; while (true) a.push(new Array(1000).fill(a.length)); }",
      "function solve() { const a = []; while (true) a.push(new ArrayBuffer(100000)); }",
      'function solve() { let s = ""; while (true) s = s + "x".repeat(1000); }',
      'function solve() { let s = "x"; for (;;) s += s; }',
      'function solve() { return "x".repeat(1e9).length; }',
      "const grab = []; while (true) grab.push(new Float64Array(10000)); function solve() {}",
    ];
    const verdicts = [];
    for (const source of sources) {
      const result = await runner.run(js(source, one(), { limits: { ...limits, timeMs: 3000 } }));
      verdicts.push(result.verdict);
      if (result.verdict === "memory_limit_exceeded") expect(result.tests[0]!.error).toMatch(/Memory limit/);
    }
    expect(verdicts).toEqual(sources.map(() => "memory_limit_exceeded"));
    const after = await runner.run(js("function solve(xs) { return xs.length; }", one([[1, 2]], 2), { limits }));
    expect(after.verdict).toBe("accepted");
  });

  it("reports a thrown error as a runtime error, with its message on visible tests only", async () => {
    const result = await runner.run(
      js('function solve() { throw new Error("boom"); }', [...one(), ...one([], null, true)]),
    );
    expect(result.verdict).toBe("runtime_error");
    expect(result.tests[0]!.verdict).toBe("runtime_error");
    expect(result.tests[0]!.error).toMatch(/^Error: boom/);
    expect(result.tests[0]!.error).toMatch(/solution\.js:1/);
    expect(result.tests[1]).not.toHaveProperty("error");
    expect(result.tests[1]!.verdict).toBe("runtime_error");
  });

  it("reports non-Error throws and a missing entry as runtime errors", async () => {
    const thrown = await runner.run(js('function solve() { throw "nope"; }', one()));
    expect(thrown.tests[0]).toMatchObject({ verdict: "runtime_error", error: "Uncaught nope" });
    const missing = await runner.run(js("function other() {}", one()));
    expect(missing.tests[0]).toMatchObject({ verdict: "runtime_error" });
    expect(missing.tests[0]!.error).toMatch(/solve/);
    const notFunction = await runner.run(js("const solve = 3;", one()));
    expect(notFunction.tests[0]!.error).toMatch(/not a function/);
  });

  it("turns endless recursion into a stack overflow runtime error, and the host carries on", async () => {
    const result = await runner.run(js("function solve(n) { return solve(n + 1) + 1; }", one([0])));
    expect(result.verdict).toBe("runtime_error");
    expect(result.tests[0]!.error).toMatch(/stack overflow/);
    expect(result.tests[0]!.error!.split("\n").length).toBeLessThanOrEqual(6);
    const after = await runner.run(js("function solve(xs) { return xs.length; }", one([[1, 2]], 2)));
    expect(after.verdict).toBe("accepted");
  });

  it("offers no network, modules, process or host globals", async () => {
    const probes = [
      'function solve() { return fetch("http://127.0.0.1/"); }',
      'function solve() { return require("fs"); }',
      "function solve() { return process.env; }",
      'async function solve() { const fs = await import("fs"); return Object.keys(fs); }',
      'function solve() { return import("node:child_process"); }',
      'import fs from "fs"; function solve() { return 1; }',
      "export function solve() { return 1; }",
    ];
    for (const source of probes) {
      const result = await runner.run(js(source, one([], 1)));
      expect(["runtime_error", "compilation_error"], source).toContain(result.verdict);
    }
    const globals = await runner.run(
      js(
        'function solve() { return ["fetch", "require", "process", "Deno", "Bun", "XMLHttpRequest", "WebSocket", "setTimeout"].filter((n) => typeof globalThis[n] !== "undefined"); }',
        one([], []),
      ),
    );
    expect(globals.tests[0]).toMatchObject({ verdict: "accepted", got: [] });
  });

  it("captures console output of visible tests and truncates it", async () => {
    const source = 'function solve(label) { console.log("hi", label, 1, { a: [1] }, null, undefined); return 0; }';
    const result = await runner.run(
      js(source, [
        { name: "one", args: ["visible"], expected: 0, hidden: false },
        { name: "two", args: ["secret"], expected: 0, hidden: true },
      ]),
    );
    expect(result.verdict).toBe("accepted");
    expect(result.output).toBe('hi visible 1 {"a":[1]} null undefined\n');

    const noisy = 'function solve() { for (let i = 0; i < 10000; i++) console.log("é line " + i); return 0; }';
    const truncated = await runner.run(js(noisy, one([], 0), { limits: { outputBytes: 100 } }));
    expect(truncated.verdict).toBe("accepted");
    expect(new TextEncoder().encode(truncated.output).length).toBeLessThanOrEqual(100);
    expect(truncated.output.startsWith("é line 0\né line 1\n")).toBe(true);
    expect(truncated.output).not.toContain("\uFFFD");
  });

  it("does not carry state from one test to the next", async () => {
    const source = `
      let calls = 0;
      function solve() {
        calls++;
        globalThis.total = (globalThis.total ?? 0) + 1;
        Array.prototype.polluted = (Array.prototype.polluted ?? 0) + 1;
        return [calls, total, [].polluted];
      }`;
    const tests = [1, 2, 3].map((i) => ({ name: `t${i}`, args: [], expected: [1, 1, 1], hidden: i === 3 }));
    const result = await runner.run(js(source, tests));
    expect(result.verdict).toBe("accepted");
    expect(result.passed).toBe(3);
  });

  it("survives many runs in a row without leaking memory badly", async () => {
    const request = js("function solve(xs) { const copy = xs.map((x) => x * 2); return copy.length; }", [
      { name: "a", args: [Array.from({ length: 1000 }, (_, i) => i)], expected: 1000, hidden: false },
      { name: "b", args: [[1]], expected: 1, hidden: true },
    ]);
    const failing = js('function solve() { throw new Error("x"); }', one());
    for (let i = 0; i < 20; i++) await runner.run(request);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 200; i++) {
      const result = await runner.run(i % 10 === 0 ? failing : request);
      expect(result.verdict).toBe(i % 10 === 0 ? "runtime_error" : "accepted");
    }
    const grownMb = (process.memoryUsage().rss - before) / (1024 * 1024);
    expect(grownMb).toBeLessThan(64);
  }, 120_000);
});
