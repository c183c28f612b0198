// A code exercise in the browser: a learner practising the prompting track meets a code item, finds the starter code
// in the editor, types her own, leaves the editor with the keyboard, runs the visible tests in her browser (one run
// stopped at the time limit), submits a wrong solution and reads the verdict (score, each visible test, hidden tests
// as pass or fail, feedback), follows the link to the next hint, which has unlocked, and a reload keeps her code and
// the verdict.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const opened: Window[] = [];
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    for (const [i, w] of opened.entries()) await e2e.screenshot(w.page, `failed-code-${i}`).catch(() => undefined);
  opened.length = 0;
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const LEARNER = "grace@example.com";

/** A learner as onboarding leaves her, with a goal for the prompting sprint, and a practice session on its track. */
async function practiceSession(email: string): Promise<string> {
  const { accessToken: token } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", { email });
  const { updatedAt: _unsent, ...current } = await call<Record<string, unknown>>(token, "GET", "/v1/me/preferences");
  await call(token, "PUT", "/v1/me/preferences", {
    ...current,
    timezone: "Europe/Berlin",
    availability: [{ weekday: 3, start: "18:00", end: "21:00" }],
    experienceLevel: "beginner",
    collaborationStyle: "structured",
  });
  for (const step of ["profile", "timezone", "availability", "preferences", "goal"])
    await call(token, "PATCH", "/v1/me/onboarding", { step, completed: true });
  await call(token, "POST", "/v1/goals", {
    sprintType: "net_prompting",
    title: "Write prompts that hold up",
    schedule: {
      timezone: "Europe/Berlin",
      frequency: { sessionsPerWeek: 1 },
      defaultSlots: [{ weekday: 3, time: "19:00" }],
      backupSlot: { weekday: 6, time: "10:00" },
    },
    proofMethod: "prompt_artifact",
    startDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
  });
  const session = await call<{ id: string }>(token, "POST", "/v1/learning-sessions", {
    mode: "practice",
    track: "net-prompting",
  });
  return session.id;
}

const KIND = /^(Multiple choice|Short answer|Code exercise) · /;
const itemTitle = async (page: Page) => ((await page.locator("#item-heading").textContent()) ?? "").trim();
const isCode = async (page: Page) => ((await page.getByText(KIND).textContent()) ?? "").startsWith("Code exercise");

/** The editor's text, line by line as CodeMirror shows it (its spaces may be drawn as no-break spaces). */
const editorText = async (page: Page) =>
  (await page.locator(".cm-content .cm-line").allTextContents()).join("\n").replace(/\u00a0/g, " ");

/** Whether keyboard focus is inside the editor (the page's own document: this package is compiled without the DOM). */
const focusInEditor = (page: Page) => page.evaluate<boolean>("document.activeElement?.closest('.cm-editor') != null");

/** Replaces everything in the editor, as if typed (CodeMirror takes it as input, not as a value set from outside). */
async function typeCode(page: Page, code: string) {
  await page.getByRole("textbox", { name: /^Your code/ }).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
  await expect.poll(() => editorText(page)).toBe(code);
}

describe("a code exercise in the browser", () => {
  it("the editor, visible tests in the browser, a wrong submission's verdict, the next hint, a reload", async () => {
    const sessionId = await practiceSession(LEARNER);
    const grace = await e2e.open(DESKTOP, "grace");
    opened.push(grace);
    const { page } = grace;
    await page.goto(`/sign-in?next=${encodeURIComponent(`/learn/sessions/${sessionId}`)}`);
    await page.getByLabel("Sign in as (email)").fill(LEARNER);
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Practice");

    // Skipped until a code exercise comes (the track has more than ten).
    for (let skips = 0; !(await isCode(page)); skips++) {
      expect(skips).toBeLessThan(60);
      const title = await itemTitle(page);
      await page.getByRole("button", { name: "Skip this item" }).click();
      await expect.poll(() => itemTitle(page)).not.toBe(title);
    }
    const title = await itemTitle(page);

    // The editor, with the starter code in it and the way out for keyboard users said under it.
    const editor = page.getByRole("textbox", { name: /^Your code \((JavaScript|TypeScript)\)$/ });
    await editor.waitFor();
    const hint = (await page.getByText(/^The tests call \w+\(…\)\./).textContent()) ?? "";
    const entry = /call (\w+)\(/.exec(hint)![1]!;
    await expect.poll(() => editorText(page)).toContain(`function ${entry}(`);
    await page.getByText("To leave the editor with the keyboard, press Escape, then Tab.").waitFor();
    expect(await page.locator(".cm-lineNumbers").count()).toBe(1);
    await checkPage(e2e, page, "code-exercise");

    // Tab indents inside the editor; Escape, then Tab moves on to the next control.
    await editor.click();
    await page.keyboard.press("ControlOrMeta+Home");
    const before = await editorText(page);
    await page.keyboard.press("Tab");
    await expect.poll(() => editorText(page)).not.toBe(before);
    expect(await focusInEditor(page)).toBe(true);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await focusInEditor(page)).toBe(false);

    // A run that never ends is stopped in the browser at the time limit.
    await typeCode(page, `function ${entry}() {\n  while (true) {}\n}`);
    await page.getByRole("button", { name: "Run visible tests" }).click();
    const run = page.getByRole("region", { name: "Visible tests in your browser" });
    await run.waitFor({ timeout: 10_000 });
    // The worker runs code with `new Function`: its script must be served with a policy that allows that.
    expect(
      await run.getByText("This page is not allowed to run code in your browser").count(),
      "the visible-tests worker (/assets/*.worker-*.js) needs Content-Security-Policy script-src 'self' 'unsafe-eval'",
    ).toBe(0);
    await run.getByText(/visible tests pass · Time limit exceeded$/).waitFor({ timeout: 10_000 });
    await run.getByText("Time limit exceeded", { exact: true }).first().waitFor();

    // A wrong solution: every visible test fails, each with what it expected and what it got.
    const wrong = `function ${entry}() {\n  return "not yet";\n}`;
    await typeCode(page, wrong);
    await page.getByRole("button", { name: "Run visible tests" }).click();
    const results = run.getByRole("list", { name: "Visible test results" }).getByRole("listitem");
    await results.first().waitFor();
    const visibleCount = await results.count();
    expect(visibleCount).toBeGreaterThan(0);
    await run.getByText(`0 of ${visibleCount} visible tests pass`, { exact: true }).waitFor();
    for (const text of await results.allTextContents()) {
      expect(text).toMatch(/^Failed: /);
      expect(text).toContain("Expected");
      expect(text).toContain('Got"not yet"');
    }

    // Submitted: scored by the server's sandbox, the verdict in full.
    const queued = page.waitForResponse((r) => r.url().endsWith("/v1/submissions") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    expect((await queued).status()).toBe(202);
    await page.getByRole("status").getByText("Scored: Wrong answer, 0%.").waitFor({ timeout: 30_000 });
    const verdict = page.getByRole("region", { name: "Verdict: Wrong answer" });
    await verdict.getByText(/^0 of \d+ tests passed$/).waitFor();
    await verdict.getByText(/^\d+ of \d+ tests pass\. First failing test: /).waitFor();
    const visible = verdict.getByRole("list", { name: "Visible tests" }).getByRole("listitem");
    expect(await visible.count()).toBe(visibleCount);
    expect(await visible.first().textContent()).toMatch(/^Failed: .*Call.*Expected.*Got"not yet"/);
    const hidden = verdict.getByRole("list", { name: "Hidden tests" }).getByRole("listitem");
    expect(await hidden.count()).toBeGreaterThan(0);
    expect(await hidden.first().textContent()).toBe("Hidden test 1: failed");
    await checkPage(e2e, page, "code-verdict");

    // The attempt reached the session: the first hint has unlocked, and the verdict links to it.
    const hints = page.getByRole("region", { name: "Hints" });
    const hint1 = hints.getByRole("button", { name: "Show hint 1" });
    await expect.poll(() => hint1.isEnabled()).toBe(true);
    await verdict.getByRole("link", { name: "Next hint: level 1 (Clarify the question)" }).click();
    await expect.poll(() => page.evaluate<string>("document.activeElement?.textContent ?? ''")).toBe("Show hint 1");
    await page.keyboard.press("Enter");
    await hints.getByText("A right answer now earns 90%").waitFor();
    const level1 = hints.getByRole("listitem").filter({ hasText: "Level 1: Clarify the question" });
    await expect
      .poll(async () => ((await level1.textContent()) ?? "").replace("Level 1: Clarify the question", "").trim().length)
      .toBeGreaterThan(10);

    // A reload: the same item, her code (not the starter) and the verdict.
    await page.reload();
    await expectHeading(page, "Practice");
    await expect.poll(() => itemTitle(page)).toBe(title);
    await expect.poll(() => editorText(page)).toBe(wrong);
    await page.getByRole("region", { name: "Verdict: Wrong answer" }).waitFor();
    expect(grace.problems).toEqual([]);
  });
});
