// The Judge0 adapter of the code-runner port, used instead of the in-process sandbox when a Judge0 URL is
// configured: each test is one submission of the learner's code plus a small harness that calls the entry with the
// test's arguments and prints the answer as JSON; all of a run's tests go in one batch, polled until done.
// Judge0's own limits (CPU time, memory) and statuses give the verdicts; answers are compared here.
import { AppError } from "../errors.js";
import { canonicalJson } from "./json.js";
import {
  type CodeRunner,
  DEFAULT_RUN_LIMITS,
  type RunRequest,
  type RunResult,
  type TestResult,
  type Verdict,
} from "./port.js";

export interface Judge0Options {
  url: string;
  /** Sent as `X-Auth-Token` when the instance requires one. */
  apiKey?: string;
  fetch?: typeof fetch;
  /** Between polls of a batch, in milliseconds. */
  pollMs?: number;
  /** How long a batch may take in all before the run is an internal error. */
  timeoutMs?: number;
}

/** Judge0 CE language ids: JavaScript (Node.js 18.15.0) and TypeScript (5.0.3). */
export const JUDGE0_LANGUAGES = { javascript: 93, typescript: 94 } as const;
const MARK = "__PACTLY_RESULT__";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string | null | undefined) => (s ? Buffer.from(s, "base64").toString("utf8") : "");

/** The learner's code, then a call of the entry with one test's arguments, its answer printed on a marked line. */
export function harnessFor(req: RunRequest, args: unknown[]): string {
  const call =
    `;(async () => { const __args = JSON.parse(${JSON.stringify(JSON.stringify(args))});` +
    ` const __value = await (${req.entry} as any)(...__args);` +
    ` (globalThis as any).console.log("\\n${MARK}" + JSON.stringify(__value === undefined ? null : __value)); })()` +
    `.catch((e: any) => { (globalThis as any).console.error(String(e && e.stack || e)); (globalThis as any).process.exitCode = 1; });`;
  return `${req.source}\n${req.language === "javascript" ? call.replace(/ as any/g, "").replace(/: any/g, "") : call}\n`;
}

interface Judge0Result {
  token: string;
  status: { id: number; description: string };
  stdout: string | null;
  stderr: string | null;
  compile_output: string | null;
  message: string | null;
  time: string | null;
}

/** The answer line as JSON; anything else is taken as the text it is. */
function parsedAnswer(line: string): unknown {
  try {
    return JSON.parse(line.trim());
  } catch {
    return line.trim();
  }
}

export class Judge0Runner implements CodeRunner {
  constructor(private readonly o: Judge0Options) {}

  private async call(path: string, init: RequestInit = {}): Promise<unknown> {
    const res = await (this.o.fetch ?? fetch)(`${this.o.url.replace(/\/$/, "")}${path}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        ...(this.o.apiKey ? { "x-auth-token": this.o.apiKey } : {}),
      },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new AppError(502, "runner.judge0_failed", `Judge0 answered ${res.status}.`);
    return res.json();
  }

  async run(req: RunRequest): Promise<RunResult> {
    const limits = { ...DEFAULT_RUN_LIMITS, ...req.limits };
    try {
      const created = (await this.call("/submissions/batch?base64_encoded=true", {
        method: "POST",
        body: JSON.stringify({
          submissions: req.tests.map((t) => ({
            language_id: JUDGE0_LANGUAGES[req.language],
            source_code: b64(harnessFor(req, t.args)),
            cpu_time_limit: limits.timeMs / 1000,
            wall_time_limit: Math.max(1, (limits.timeMs * 3) / 1000),
            memory_limit: Math.round(limits.memoryBytes / 1024),
            enable_network: false,
          })),
        }),
      })) as { token: string }[];
      const tokens = created.map((c) => c.token);
      const results = await this.poll(tokens);
      return this.resultOf(req, results, limits.outputBytes);
    } catch {
      // Judge0 unreachable, failing or too slow: ours, not the learner's; the scoring job may be retried.
      return {
        verdict: "internal_error",
        passed: 0,
        total: req.tests.length,
        tests: req.tests.map((t) => ({
          name: t.name,
          hidden: t.hidden,
          passed: false,
          verdict: "internal_error",
          ms: 0,
        })),
        output: "",
      };
    }
  }

  private async poll(tokens: string[]): Promise<Judge0Result[]> {
    const deadline = Date.now() + (this.o.timeoutMs ?? 60_000);
    const fields = "token,status,stdout,stderr,compile_output,message,time";
    for (;;) {
      const body = (await this.call(
        `/submissions/batch?tokens=${tokens.join(",")}&base64_encoded=true&fields=${fields}`,
      )) as { submissions: Judge0Result[] };
      if (body.submissions.every((s) => s.status.id > 2)) return body.submissions;
      if (Date.now() > deadline) throw new Error("Judge0 did not finish in time.");
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 250));
    }
  }

  private resultOf(req: RunRequest, results: Judge0Result[], outputBytes: number): RunResult {
    const compile = results.find((r) => r.status.id === 6);
    if (compile) {
      return {
        verdict: "compilation_error",
        passed: 0,
        total: req.tests.length,
        tests: [],
        compileError: unb64(compile.compile_output).trim().slice(0, 2_000) || "The code does not compile.",
        output: "",
      };
    }
    let output = "";
    const tests: TestResult[] = req.tests.map((t, i) => {
      const r = results[i]!;
      const stdout = unb64(r.stdout);
      const markAt = stdout.lastIndexOf(MARK);
      const printed = markAt >= 0 ? stdout.slice(0, markAt) : stdout;
      if (!t.hidden) output += printed;
      const ms = Math.round(Number(r.time ?? 0) * 1000);
      const verdict: Verdict = (() => {
        if (r.status.id === 5) return "time_limit_exceeded";
        if (r.status.id >= 13) return "internal_error";
        if (r.status.id >= 7)
          return /heap out of memory|ENOMEM|allocation failed/i.test(unb64(r.stderr))
            ? "memory_limit_exceeded"
            : "runtime_error";
        if (markAt < 0) return "runtime_error";
        return canonicalJson(parsedAnswer(stdout.slice(markAt + MARK.length))) === canonicalJson(t.expected)
          ? "accepted"
          : "wrong_answer";
      })();
      const base = { name: t.name, hidden: t.hidden, passed: verdict === "accepted", verdict, ms };
      if (t.hidden) return base;
      return {
        ...base,
        expected: t.expected,
        ...(markAt >= 0 ? { got: parsedAnswer(stdout.slice(markAt + MARK.length)) } : {}),
        ...(verdict === "runtime_error" || verdict === "memory_limit_exceeded"
          ? {
              error:
                unb64(r.stderr)
                  .split("\n")
                  .find((l) => /Error|error/.test(l))
                  ?.trim()
                  .slice(0, 300) ?? r.status.description,
            }
          : {}),
      };
    });
    const firstFailing = tests.find((t) => !t.passed);
    return {
      verdict: firstFailing ? firstFailing.verdict : "accepted",
      passed: tests.filter((t) => t.passed).length,
      total: tests.length,
      tests,
      output: Buffer.from(output).subarray(0, outputBytes).toString("utf8"),
    };
  }
}
