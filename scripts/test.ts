// `pnpm test`: typecheck, lint, every vitest suite (unit, integration, infrastructure, browser end to end),
// then one plain summary line `N passed, N failed` counted from vitest's JSON reports.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const REPORTS = ".vitest";
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

let passed = 0;
let failed = 0;
const stepFailures: string[] = [];

function run(label: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  process.stdout.write(`\n▶ ${label}: ${cmd} ${args.join(" ")}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function countReport(file: string, label: string): void {
  if (!existsSync(file)) {
    stepFailures.push(`${label} (no report: the run did not finish)`);
    failed++;
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults?: { status: string; message?: string; name: string; assertionResults?: unknown[] }[];
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that failed to load has no assertion results but still failed.
  for (const f of report.testResults ?? []) {
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) {
      failed++;
      stepFailures.push(`${label}: ${f.name} failed to run`);
    }
  }
}

/** Browser tests need Debian's Chromium; install it when we are root and it is missing. */
function ensureChromium(): boolean {
  if (existsSync("/usr/bin/chromium")) return true;
  if (process.getuid?.() !== 0) {
    process.stdout.write("Chromium is missing: install it with `apt-get install chromium` to run the browser tests.\n");
    return false;
  }
  return (
    run("install Chromium", "apt-get", ["update", "-qq"]) &&
    run("install Chromium", "apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"])
  );
}

const env = {
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_REGION: "us-east-1",
};

if (!run("typecheck", "pnpm", ["typecheck"])) stepFailures.push("typecheck");
if (!run("lint", "pnpm", ["lint"])) stepFailures.push("lint");

run(
  "unit, integration and infrastructure tests",
  "pnpm",
  ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${REPORTS}/main.json`],
  env,
);
countReport(`${REPORTS}/main.json`, "vitest");

if (existsSync("vitest.e2e.config.ts")) {
  if (ensureChromium()) {
    run("web build", "pnpm", ["--filter", "@pactly/web", "build"]);
    run(
      "browser end-to-end tests",
      "pnpm",
      [
        "exec",
        "vitest",
        "run",
        "-c",
        "vitest.e2e.config.ts",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${REPORTS}/e2e.json`,
      ],
      env,
    );
    countReport(`${REPORTS}/e2e.json`, "e2e");
  } else {
    stepFailures.push("e2e (no Chromium)");
  }
}

failed += stepFailures.length;
if (stepFailures.length) process.stdout.write(`\nFailed steps: ${stepFailures.join("; ")}\n`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(`${REPORTS}/summary.txt`, `${summary}\n`);
process.stdout.write(`\n${summary}\n`);
process.exit(failed > 0 ? 1 : 0);
