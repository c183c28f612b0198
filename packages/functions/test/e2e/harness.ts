// The browser test harness: a local runtime on a free port with its own data, Debian Chromium through
// playwright-core, phone and desktop windows, the dev outbox, and screenshots under test-artifacts/e2e/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock, Config } from "@pactly/core/platform";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { type LocalRuntime, REPO_ROOT, startLocalRuntime } from "../../src/local/runtime.js";
import { CHROMIUM } from "./global-setup.js";

// Runs inside the page (page.evaluate); this package is compiled without the DOM library.
declare const window: { scrollTo(x: number, y: number): void };

export const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "e2e");

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  template?: string;
  sentAt: string;
}

export interface Window {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged, and API calls that failed on the server's side (5xx). */
  problems: string[];
}

export interface E2E {
  runtime: LocalRuntime;
  browser: Browser;
  url: string;
  /** A fresh browser profile (its own cookies) in a phone- or desktop-sized window. */
  open(options: BrowserContextOptions, label: string): Promise<Window>;
  /** Waits for an email to `to` whose subject matches, newest first. */
  mail(to: string, subject: RegExp): Promise<OutboxMail>;
  /** Saves a full-page screenshot as test-artifacts/e2e/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];

export async function startE2E(options: { config?: Partial<Config>; clock?: Clock } = {}): Promise<E2E> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "pactly-e2e-"));
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    pollMs: 100,
    // Journeys accept pods without a deposit unless they are about deposits (and turn them on).
    config: { depositsRequired: false, ...options.config },
    ...(options.clock ? { clock: options.clock } : {}),
    env: { ...process.env, PACTLY_LOG_LEVEL: process.env.PACTLY_LOG_LEVEL ?? "warn" },
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await runtime.stop();
    throw e;
  }
  const contexts: BrowserContext[] = [];

  const e2e: E2E = {
    runtime,
    browser,
    url: runtime.url,
    async open(options, label) {
      const context = await browser.newContext({ ...options, baseURL: runtime.url, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`[${label}] page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
          problems.push(`[${label}] console: ${m.text()}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 500) problems.push(`[${label}] ${r.request().method()} ${r.url()} → ${r.status()}`);
      });
      return { context, page, problems };
    },
    async mail(to, subject) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const res = await fetch(`${runtime.url}/dev/outbox?to=${encodeURIComponent(to)}`, {
          headers: { accept: "application/json" },
        });
        const page = (await res.json()) as { items: OutboxMail[] };
        const found = page.items.find((m) => subject.test(m.subject));
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `No email to ${to} matching ${subject}; the outbox has: ${page.items.map((m) => m.subject).join(", ") || "nothing"}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async screenshot(page, name) {
      // From the top: a sticky header would otherwise be drawn where the page happened to be scrolled.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: "disabled" });
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
declare const document: unknown;

/**
 * The page's serious and critical WCAG 2.1 A/AA problems found by axe-core (labels, names, contrast, roles…), as
 * one line each; an empty list when there are none.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than as an inline <script>, which the app's CSP (rightly) refuses.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`);
}

/** The first link in a plain-text email that goes to `path` on the web app. */
export function linkIn(mail: OutboxMail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace(/[?/]/g, "\\$&")}[^\\s]*`));
  if (!match) throw new Error(`No link to ${path} in "${mail.subject}":\n${mail.text}`);
  return match[0];
}

/** One JSON call to the running app's API, as a script would make it; anything but 2xx throws with the answer. */
export async function callApi<T>(
  e2e: Pick<E2E, "url">,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${e2e.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}
