// The tutor in the browser: a learner opens Learn, takes part of the diagnostic and sees where she stands, then
// practises — the hint ladder stays locked until she tries an answer, the tutor will not hand over the answer, a
// reload, Back and Forward and a second tab all land on the same item with its hint and chat, and after three
// wrong answers the tutor points her to a lesson she can read. The same pages in a German browser in Los Angeles
// on a phone. An admin checks an invalid content pack (its problems listed by path), imports a valid one, and
// meets a save conflict in the item editor. The learner never reads an answer: she answers something.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading, navigate, SPRINT } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const opened: Window[] = [];
async function open(...args: Parameters<E2E["open"]>): Promise<Window> {
  const w = await e2e.open(...args);
  opened.push(w);
  return w;
}
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    for (const [i, w] of opened.entries()) await e2e.screenshot(w.page, `failed-tutor-${i}`).catch(() => undefined);
  opened.length = 0;
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const devToken = async (email: string, role?: "admin") =>
  (await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", { email, ...(role ? { role } : {}) }))
    .accessToken;

async function devSignIn(page: Page, email: string, next: string, admin = false) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Sign in as (email)").fill(email);
  if (admin) await page.getByLabel("As an administrator").check();
  await page.getByRole("button", { name: "Dev sign-in" }).click();
}

const KIND = /^(Multiple choice|Short answer|Code exercise) · /;
type Kind = "mc" | "short" | "code";

async function itemKind(page: Page): Promise<Kind> {
  const line = (await page.getByText(KIND).textContent()) ?? "";
  return line.startsWith("Multiple") ? "mc" : line.startsWith("Short") ? "short" : "code";
}

const itemTitle = async (page: Page) => ((await page.locator("#item-heading").textContent()) ?? "").trim();

/** Answers the item in front of her with something (never looked up): the first choice, a guess, or the starter code. */
async function answerSomething(page: Page): Promise<void> {
  const kind = await itemKind(page);
  if (kind === "mc") await page.getByRole("radio").first().check();
  if (kind === "short") await page.getByRole("textbox", { name: "Your answer" }).fill("I am not sure");
  // Code goes to the scoring worker as a submission; the page waits for its verdict, then reloads the session.
  const graded = page.waitForResponse((r) =>
    kind === "code"
      ? r.url().endsWith("/v1/submissions") && r.request().method() === "POST"
      : r.url().includes("/attempts") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  expect((await graded).status()).toBe(kind === "code" ? 202 : 200);
  if (kind === "code") {
    const verdict = page.getByRole("region", { name: /^Verdict: / });
    await verdict.waitFor({ timeout: 30_000 });
    // Then the session is reloaded with the attempt in it (a finished item shows its verdict again after that).
    await page.getByText("Scoring…").waitFor({ state: "hidden" });
    await verdict.waitFor();
  } else await page.getByText(/^(Correct|Not correct)$/).waitFor();
}

/** The code editor's text (CodeMirror draws each line as an element; spaces may be no-break spaces). */
const codeText = async (page: Page) =>
  (await page.locator(".cm-content .cm-line").allTextContents()).join("\n").replace(/\u00a0/g, " ");

/** Replaces what is in the code editor, as if typed. */
async function typeCode(page: Page, code: string) {
  await page.getByRole("textbox", { name: /^Your code/ }).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

/** The main element is no wider than the window: nothing runs off the side. */
async function fitsTheWindow(page: Page) {
  const overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
  expect(overflow).toBeLessThanOrEqual(0);
}

const LEARNER = "ada@example.com";

/** A learner set up as onboarding leaves her, with a goal for the prompting sprint (whose track Learn preselects). */
async function learnerWithGoal(email: string) {
  const token = await devToken(email);
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
  const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
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
    startDate: start,
  });
}

describe("the tutor in the browser", () => {
  it("diagnostic, practice with hints and chat, reload and Back, a lesson, another locale, a second tab", async () => {
    await learnerWithGoal(LEARNER);
    const ada = await open(DESKTOP, "ada");
    const { page } = ada;
    await devSignIn(page, LEARNER, "/");
    await navigate(page, "Learn");
    await expectHeading(page, "Learn");
    await page.getByText("No sessions yet").waitFor();
    await expect(page.getByLabel("Track", { exact: true }).inputValue()).resolves.toBe("net-prompting");
    await checkPage(e2e, page, "tutor-learn");

    // The diagnostic: three items answered with whatever comes to mind, then ended early.
    await page.getByRole("button", { name: "Take the diagnostic" }).click();
    await expectHeading(page, "Diagnostic");
    await page.getByText(SPRINT).waitFor();
    const diagnosticUrl = page.url();
    for (let n = 1; n <= 3; n++) {
      await page.getByText(`Item ${n} of 12`).waitFor();
      const title = await itemTitle(page);
      expect(title).not.toBe("");
      await answerSomething(page);
      // A diagnostic item is done after one answer: its explanation comes with it.
      await page.getByRole("heading", { name: "Explanation" }).waitFor();
      if (n === 1) await checkPage(e2e, page, "tutor-diagnostic-item");
      if (n < 3) {
        await page.getByRole("button", { name: "Next item" }).click();
        await expect.poll(() => itemTitle(page)).not.toBe(title);
      }
    }
    await page.getByRole("button", { name: "End session" }).click();
    await page.getByRole("heading", { name: "Summary" }).waitFor();
    const bars = page.getByRole("list", { name: "Mastery by topic" }).getByRole("listitem");
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThan(0);
    for (const text of await bars.allTextContents())
      expect(text).toMatch(/\d+% · (attempted|familiar|proficient|mastered)/);
    expect(
      await page.locator("dt", { hasText: "Items done" }).locator("xpath=following-sibling::dd").textContent(),
    ).toBe("3");
    await checkPage(e2e, page, "tutor-diagnostic-summary");

    // Practice, started from Learn, where the diagnostic is listed as ended.
    await page.getByRole("link", { name: "Back to Learn" }).click();
    await expectHeading(page, "Learn");
    await page.getByRole("link", { name: /^Review the diagnostic/ }).waitFor();
    const started = page.waitForResponse(
      (r) => r.url().endsWith("/v1/learning-sessions") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Practise", exact: true }).click();
    expect((await started).status()).toBe(201);
    await expectHeading(page, "Practice");
    const practiceUrl = page.url();
    expect(practiceUrl).not.toBe(diagnosticUrl);

    // An item she can surely get wrong by answering something: a choice might be right, so those are skipped.
    for (let skips = 0; (await itemKind(page)) === "mc"; skips++) {
      expect(skips).toBeLessThan(30);
      const title = await itemTitle(page);
      await page.getByRole("button", { name: "Skip this item" }).click();
      await expect.poll(() => itemTitle(page)).not.toBe(title);
    }
    const title = await itemTitle(page);
    const kind = await itemKind(page);
    if (kind === "code") {
      await page.getByText(/hidden tests? also runs?\./).waitFor();
      await expect.poll(() => codeText(page)).not.toBe("");
    }

    // The ladder: five levels by name; the first is locked until an answer has been tried.
    const hints = page.getByRole("region", { name: "Hints" });
    for (const name of [
      "Clarify the question",
      "A conceptual nudge",
      "A strategy",
      "A worked step",
      "The full explanation",
    ])
      await hints.getByText(name, { exact: false }).waitFor();
    const hint1 = hints.getByRole("button", { name: "Show hint 1" });
    expect(await hint1.isDisabled()).toBe(true);
    await hints.getByText("Try an answer to unlock the next hint").waitFor();
    await hints.getByText("A right answer now earns 100%").waitFor();
    await checkPage(e2e, page, "tutor-practice-locked");

    await answerSomething(page);
    if (kind === "code") await page.getByText(/^\d+ of \d+ tests passed/).waitFor();
    else await page.getByText("Not correct", { exact: true }).waitFor();
    expect(await hint1.isEnabled()).toBe(true);
    await hints.getByText("After it, a right answer earns 90%").waitFor();
    await hint1.click();
    await hints.getByText("A right answer now earns 90%").waitFor();
    const level1 = hints.getByRole("listitem").filter({ hasText: "Level 1: Clarify the question" });
    const hintText = ((await level1.textContent()) ?? "").replace("Level 1: Clarify the question", "").trim();
    expect(hintText.length).toBeGreaterThan(10);
    // Level 2 waits for another answer.
    expect(await hints.getByRole("button", { name: "Show hint 2" }).isDisabled()).toBe(true);

    // Asking for the answer outright gets a nudge, not the answer.
    const chat = page.getByRole("region", { name: "Ask the tutor" });
    await chat.getByLabel("Your message").fill("just tell me the answer");
    await chat.getByText("23 of 2000 characters").waitFor();
    await chat.getByRole("button", { name: "Send" }).click();
    const log = chat.getByRole("log", { name: "Conversation" });
    await log.getByRole("listitem").nth(1).waitFor();
    const reply = ((await log.getByRole("listitem").nth(1).textContent()) ?? "").replace(/^Tutor/, "").trim();
    expect(reply.length).toBeGreaterThan(10);
    await expect(chat.getByLabel("Your message").inputValue()).resolves.toBe("");
    await checkPage(e2e, page, "tutor-practice-hint-chat");

    // A reload lands on the same item, with its hint and the conversation.
    await page.reload();
    await expectHeading(page, "Practice");
    await expect.poll(() => itemTitle(page)).toBe(title);
    await expect.poll(async () => (await level1.textContent()) ?? "").toContain(hintText);
    await expect.poll(async () => (await log.textContent()) ?? "").toContain(reply);
    await log.getByText("just tell me the answer").waitFor();

    // Back to Learn and Forward again: the same state.
    await page.goBack();
    await expectHeading(page, "Learn");
    await page.getByRole("link", { name: /^Resume the practice/ }).waitFor();
    await page.goForward();
    await expectHeading(page, "Practice");
    await expect.poll(() => itemTitle(page)).toBe(title);
    await expect.poll(async () => (await level1.textContent()) ?? "").toContain(hintText);

    // A second tab on the same session shows the same item.
    const tab = await ada.context.newPage();
    await tab.goto(practiceUrl);
    await expectHeading(tab, "Practice");
    await expect.poll(() => itemTitle(tab)).toBe(title);
    await tab.getByRole("region", { name: "Hints" }).getByText("A right answer now earns 90%").waitFor();
    await tab.close();

    // Two more wrong answers (three in all): the tutor steps in with a lesson and a nudge towards the pod.
    await answerSomething(page);
    await answerSomething(page);
    const moment = page.getByRole("complementary", { name: "The tutor steps in" });
    await moment.getByText("A few tries have not landed yet.").waitFor();
    await moment.getByText(/your pod/i).waitFor();
    const lessonLink = moment.getByRole("link");
    const lessonTitle = ((await lessonLink.textContent()) ?? "").trim();
    expect(lessonTitle).not.toBe("");
    await checkPage(e2e, page, "tutor-complex-moment");
    await lessonLink.click();
    await expectHeading(page, lessonTitle);
    await page.getByText(/^\d+ min read/).waitFor();
    // The body is rendered Markdown: headings and lists, not the raw marks.
    expect(await page.locator("main h2, main h3").count()).toBeGreaterThan(0);
    expect(await page.locator("main").textContent()).not.toContain("## ");
    await checkPage(e2e, page, "tutor-lesson");
    await page.getByRole("button", { name: "Go back" }).click();
    await expectHeading(page, "Practice");
    await expect.poll(() => itemTitle(page)).toBe(title);
    expect(ada.problems).toEqual([]);

    // A German browser in Los Angeles, on a phone: the same sessions, their times in that zone, nothing cut off.
    const de = await open({ ...PHONE, locale: "de-DE", timezoneId: "America/Los_Angeles" }, "ada-de");
    await devSignIn(de.page, LEARNER, "/learn");
    await expectHeading(de.page, "Learn");
    const times = de.page.locator("main time");
    await expect.poll(() => times.count()).toBe(2);
    const when = (await times.first().getAttribute("datetime"))!;
    const laTime = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: "America/Los_Angeles",
    }).format(new Date(when));
    expect(await times.first().textContent()).toContain(laTime);
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "tutor-learn-de-phone");
    await de.page.getByRole("link", { name: /^Resume the practice/ }).click();
    await expectHeading(de.page, "Practice");
    await expect.poll(() => itemTitle(de.page)).toBe(title);
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "tutor-practice-de-phone");

    // The desktop moves on; the phone, still on the old item, is told so and keeps what was typed.
    await page.getByRole("button", { name: "Skip this item" }).click();
    await expect.poll(() => itemTitle(page)).not.toBe(title);
    const typed = kind === "code" ? "function f() { return 42; }" : "least privilege, I think";
    const field = de.page.getByRole("textbox", { name: "Your answer" });
    if (kind === "code") await typeCode(de.page, typed);
    else await field.fill(typed);
    await de.page.getByRole("button", { name: "Submit", exact: true }).click();
    await de.page.getByRole("alert").getByText("This is not the item in front of you", { exact: false }).waitFor();
    expect(kind === "code" ? await codeText(de.page) : await field.inputValue()).toBe(typed);
    await de.page.getByRole("button", { name: "Reload the session" }).click();
    await expect.poll(() => itemTitle(de.page)).toBe(await itemTitle(page));
    expect(de.problems).toEqual([]);
  });

  it("an admin checks an invalid pack, imports a valid one, and meets a save conflict", async () => {
    const adminEmail = "content-admin@example.com";
    const admin = await open(DESKTOP, "admin");
    const { page } = admin;
    await devSignIn(page, adminEmail, "/admin/content", true);
    await expectHeading(page, "Content");
    await page.getByLabel("Track", { exact: true }).selectOption("net-prompting");
    const items = page.getByRole("region", { name: /^Questions/ });
    await items
      .getByRole("cell", { name: /Published/ })
      .first()
      .waitFor();

    const lesson = {
      id: "e2e-lesson-tiny",
      track: "net-prompting",
      title: "A tiny lesson",
      summary: "One short paragraph.",
      body: "## Hello\n\nA **tiny** lesson.",
      tags: ["e2e"],
      difficulty: 1,
      minutes: 2,
    };
    const question = {
      id: "e2e-question-tiny",
      track: "net-prompting",
      kind: "multiple_choice",
      title: "A tiny question",
      prompt: "Which letter comes first in the alphabet?",
      explanation: "The alphabet starts with A.",
      hints: [
        "Think of letter order.",
        "Sing the song.",
        "It is the first vowel.",
        "It comes before the second letter.",
      ],
      tags: ["e2e"],
      difficulty: 1,
      lessons: ["e2e-lesson-tiny"],
      choices: [
        { key: "a", text: "Alpha" },
        { key: "b", text: "Zulu" },
      ],
      answer: "a",
    };
    const pack = (questions: unknown[], lessons: unknown[]) => ({
      format: "pactly.content-pack/1",
      name: "e2e_tiny",
      track: "net-prompting",
      title: "A tiny pack",
      questions,
      lessons,
    });

    // Invalid: a right answer that is no choice, and a lesson that is not in the pack. Nothing is imported.
    const form = page.getByRole("region", { name: "Import a content pack" });
    await form
      .getByLabel("Pack (JSON)")
      .fill(JSON.stringify(pack([{ ...question, answer: "d", lessons: ["e2e-missing"] }], [])));
    await form.getByRole("button", { name: "Check (dry run)" }).click();
    await form.getByRole("heading", { name: "The pack has 2 problems" }).waitFor();
    const problems = form.getByRole("alert");
    await problems.getByText("questions[0].answer").waitFor();
    await problems.getByText("questions[0].lessons[0]").waitFor();
    await problems.getByText('The answer "d" is not one of the choices.', { exact: false }).waitFor();
    await checkPage(e2e, page, "admin-content-pack-problems");

    // Valid, from a file: the dry run reports what would change; the import publishes it.
    await form.getByLabel("Or choose a file").setInputFiles({
      name: "tiny.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(pack([question], [lesson]))),
    });
    await form.getByText("Read tiny.json.").waitFor();
    await form.getByRole("button", { name: "Check (dry run)" }).click();
    await form.getByRole("heading", { name: "The pack is valid (dry run: nothing was written)" }).waitFor();
    await form.getByText("2 items would change").waitFor();
    await form.getByRole("button", { name: "Import and publish" }).click();
    await form.getByRole("heading", { name: "The pack was imported" }).waitFor();
    await form.getByRole("list", { name: "Changes" }).getByText("e2e-question-tiny").waitFor();
    const row = items.getByRole("row").filter({ hasText: "e2e-question-tiny" });
    await row.getByText("Published").waitFor();
    await row.getByText("v1").waitFor();
    await checkPage(e2e, page, "admin-content-imported");

    // The editor: a save over someone else's change is refused, and says so.
    await row.getByRole("button", { name: "Edit e2e-question-tiny" }).click();
    const editor = page.getByRole("region", { name: "Edit e2e-question-tiny" });
    const json = editor.getByLabel("Item (JSON)");
    await expect.poll(async () => (await json.inputValue()).includes('"A tiny question"')).toBe(true);
    const token = await devToken(adminEmail, "admin");
    const head = await call<{ version: number }>(token, "GET", "/v1/admin/content/questions/e2e-question-tiny");
    await fetch(`${e2e.url}/v1/admin/content/questions/e2e-question-tiny`, {
      method: "PUT",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "if-match": String(head.version),
      },
      body: JSON.stringify({ ...question, title: "Changed elsewhere" }),
    }).then((r) => expect(r.status).toBe(200));
    await json.fill((await json.inputValue()).replace('"A tiny question"', '"A tiny question, edited"'));
    await editor.getByRole("button", { name: "Save draft" }).click();
    await editor.getByText("This item changed since you opened it, reload.").waitFor();
    // What was typed stays until the reload.
    expect(await json.inputValue()).toContain("A tiny question, edited");
    await editor.getByRole("button", { name: "Reload the item" }).click();
    await expect.poll(async () => (await json.inputValue()).includes('"Changed elsewhere"')).toBe(true);
    await editor.getByRole("button", { name: "Publish" }).click();
    await editor.getByText("Published as version 2.").waitFor();

    // The export is the track as a pack, with the new question in it.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export the track as a pack (.json)" }).click(),
    ]);
    let text = "";
    for await (const chunk of await download.createReadStream()) text += chunk.toString();
    const exported = JSON.parse(text) as { track: string; questions: { id: string; title: string }[] };
    expect(exported.track).toBe("net-prompting");
    expect(exported.questions.find((q) => q.id === "e2e-question-tiny")?.title).toBe("Changed elsewhere");
    expect(admin.problems).toEqual([]);
  });
});
