// The Judge0 adapter against a loopback stand-in that speaks Judge0's batch API (submit, then poll by tokens) and
// runs each submission in node:vm: verdicts, per-test results with hidden tests kept secret, and what goes on the
// wire (language ids, limits, no network, the auth token).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import vm from "node:vm";
import { transform } from "sucrase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUDGE0_LANGUAGES, Judge0Runner } from "./judge0.js";
import type { RunRequest } from "./port.js";

interface Sent {
  language_id: number;
  source_code: string;
  cpu_time_limit: number;
  memory_limit: number;
  enable_network: boolean;
}
const b64 = (s: string) => Buffer.from(s).toString("base64");
const unb64 = (s: string) => Buffer.from(s, "base64").toString("utf8");

/** Runs one submission as Judge0 would report it: the process ends when its promises have settled. */
async function judge(s: Sent) {
  const source = unb64(s.source_code);
  let stdout = "";
  let stderr = "";
  let code: string;
  try {
    code =
      s.language_id === JUDGE0_LANGUAGES.typescript ? transform(source, { transforms: ["typescript"] }).code : source;
    new vm.Script(code);
  } catch (e) {
    return {
      status: { id: 6, description: "Compilation Error" },
      compile_output: b64(String(e)),
      stdout: null,
      stderr: null,
      time: "0.01",
    };
  }
  const context = vm.createContext({
    console: {
      log: (...a: unknown[]) => (stdout += `${a.join(" ")}\n`),
      error: (...a: unknown[]) => (stderr += `${a.join(" ")}\n`),
    },
    process: { exitCode: 0 },
  });
  try {
    vm.runInContext(code, context, { timeout: s.cpu_time_limit * 1000 });
  } catch (e) {
    if (String(e).includes("timed out"))
      return {
        status: { id: 5, description: "Time Limit Exceeded" },
        stdout: null,
        stderr: null,
        compile_output: null,
        time: String(s.cpu_time_limit),
      };
    return {
      status: { id: 11, description: "Runtime Error (NZEC)" },
      stdout: b64(stdout),
      stderr: b64(String(e)),
      compile_output: null,
      time: "0.02",
    };
  }
  await new Promise((r) => setImmediate(r));
  if ((context.process as { exitCode: number }).exitCode)
    return {
      status: { id: 11, description: "Runtime Error (NZEC)" },
      stdout: b64(stdout),
      stderr: b64(stderr),
      compile_output: null,
      time: "0.02",
    };
  return {
    status: { id: 3, description: "Accepted" },
    stdout: b64(stdout),
    stderr: stderr ? b64(stderr) : null,
    compile_output: null,
    time: "0.02",
  };
}

let url: string;
const received: { headers: Record<string, unknown>; submissions: Sent[] }[] = [];
let close: () => Promise<void>;
beforeAll(async () => {
  const store = new Map<string, { sent: Sent; polls: number }>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST") {
        const { submissions } = JSON.parse(body) as { submissions: Sent[] };
        received.push({ headers: req.headers, submissions });
        const tokens = submissions.map((sent) => {
          const token = `t${store.size}`;
          store.set(token, { sent, polls: 0 });
          return { token };
        });
        res.end(JSON.stringify(tokens));
        return;
      }
      const tokens = new URL(req.url!, "http://x").searchParams.get("tokens")!.split(",");
      // Not done on the first poll, as a real queue would be.
      await new Promise((r) => setImmediate(r));
      const submissions = await Promise.all(
        tokens.map(async (token) => {
          const s = store.get(token)!;
          s.polls++;
          return s.polls === 1
            ? { token, status: { id: 2, description: "Processing" } }
            : { token, ...(await judge(s.sent)) };
        }),
      );
      res.end(JSON.stringify({ submissions }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
afterAll(() => close());

const exercise = (source: string, language: RunRequest["language"] = "javascript"): RunRequest => ({
  language,
  source,
  entry: "add",
  tests: [
    { name: "small", args: [1, 2], expected: 3, hidden: false },
    { name: "secret", args: [-5, 5], expected: 0, hidden: true },
  ],
  limits: { timeMs: 300 },
});

describe("the Judge0 runner", () => {
  const runner = () => new Judge0Runner({ url, apiKey: "k-123", pollMs: 5 });

  it("accepts a right solution in one batch, TypeScript included, and sends the limits and no network", async () => {
    const js = await runner().run(exercise("function add(a, b) { return a + b; }"));
    expect(js).toMatchObject({ verdict: "accepted", passed: 2, total: 2 });
    const ts = await runner().run(
      exercise("function add(a: number, b: number): number { return a + b; }", "typescript"),
    );
    expect(ts.verdict).toBe("accepted");
    const last = received.at(-1)!;
    expect(last.headers["x-auth-token"]).toBe("k-123");
    expect(last.submissions).toHaveLength(2);
    expect(last.submissions[0]).toMatchObject({ language_id: 94, cpu_time_limit: 0.3, enable_network: false });
    expect(last.submissions[0]!.memory_limit).toBe(32 * 1024);
  });

  it("says wrong answer with what came back on visible tests and nothing on hidden ones", async () => {
    const r = await runner().run(exercise("function add(a, b) { return a > 0 ? a + b : 99; }"));
    expect(r.verdict).toBe("wrong_answer");
    expect(r.tests[0]).toMatchObject({ name: "small", passed: true });
    expect(r.tests[1]).toEqual({ name: "secret", hidden: true, passed: false, verdict: "wrong_answer", ms: 20 });
  });

  it("maps compile errors, time limits and runtime errors to their verdicts", async () => {
    expect((await runner().run(exercise("function add(a, b) {"))).verdict).toBe("compilation_error");
    expect((await runner().run(exercise("function add() { while (true) {} }"))).verdict).toBe("time_limit_exceeded");
    const thrown = await runner().run(exercise("function add() { throw new Error('boom'); }"));
    expect(thrown.verdict).toBe("runtime_error");
    expect(thrown.tests[0]!.error).toMatch(/boom/);
  });

  it("is an internal error, not the learner's, when Judge0 cannot be reached", async () => {
    const r = await new Judge0Runner({ url: "http://127.0.0.1:1", pollMs: 5 }).run(
      exercise("function add(a, b) { return a + b; }"),
    );
    expect(r.verdict).toBe("internal_error");
  });
});
