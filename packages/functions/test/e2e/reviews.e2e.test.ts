// Reviews in the browser: a learner tries three items in a practice session (over HTTP, answering whatever comes to
// mind), and a day later opens Reviews from the navigation: the due count and today's progress, a card revealed
// with Space and graded with the keyboard, Undo bringing the first card back, the rest graded with the mouse, and
// the calm empty state, still there after a reload because the server keeps it. The navigation with its new link
// fits a 1280-pixel window and a phone's menu; a German phone shows a card without anything running off the side.
// Today's cap reached and a fault on our side are shown from stubbed answers.
import { ManualClock } from "@pactly/core/platform";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading, navigate } from "./steps.js";

// Used inside the page (page.evaluate); this package is compiled without the DOM library.
declare const document: {
  activeElement: { tagName: string } | null;
  documentElement: { scrollWidth: number; clientWidth: number };
};

const clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000));
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
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
    for (const [i, w] of opened.entries()) await e2e.screenshot(w.page, `failed-reviews-${i}`).catch(() => undefined);
  opened.length = 0;
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const devToken = async (email: string) =>
  (await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", { email })).accessToken;

async function devSignIn(page: Page, email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Sign in as (email)").fill(email);
  await page.getByRole("button", { name: "Dev sign-in" }).click();
}

interface SessionView {
  id: string;
  current: {
    question: { id: string; kind: string; title: string; choices?: { key: string }[] };
    solved: boolean;
  } | null;
}
interface DueReviews {
  items: { id: string; front: string; canUndo: boolean; algorithm: string }[];
  dueCount: number;
  reviewedToday: number;
  dailyCap: number;
}

/** Practice over HTTP: three multiple-choice or short-answer items answered with something (code ones skipped). */
async function practiseThreeItems(token: string): Promise<string[]> {
  let s = await call<SessionView>(token, "POST", "/v1/learning-sessions", { mode: "practice", track: "net-prompting" });
  if (!s.current) s = await call<SessionView>(token, "GET", `/v1/learning-sessions/${s.id}/next`);
  const tried: string[] = [];
  for (let looked = 0; tried.length < 3; looked++) {
    expect(looked, "enough items that are not code").toBeLessThan(30);
    const q = s.current!.question;
    if (q.kind !== "code") {
      const answer = q.kind === "multiple_choice" ? q.choices![0]!.key : "I am not sure";
      await call(token, "POST", `/v1/learning-sessions/${s.id}/attempts`, { questionId: q.id, answer });
      tried.push(q.title);
    }
    if (tried.length === 3) break;
    s = await call<SessionView>(token, "GET", `/v1/learning-sessions/${s.id}/next?skip=true`);
  }
  // Ending the session finishes the last item too: a card for each item tried.
  await call(token, "POST", `/v1/learning-sessions/${s.id}/end`);
  return tried;
}

/** Nothing runs off the side of the window. */
async function fitsTheWindow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The main navigation on one line, inside the window, with Reviews right after Learn. */
async function navFitsOneLine(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main" });
  const items = nav.getByRole("listitem");
  const boxes = await Promise.all((await items.all()).map((i) => i.boundingBox()));
  // One row: every link (and the taller Sign out button) centred on the same line, none wrapped onto a second.
  const middles = boxes.map((b) => b!.y + b!.height / 2);
  expect(Math.max(...middles) - Math.min(...middles), "one row of links").toBeLessThan(2);
  expect(Math.max(...boxes.map((b) => b!.height)), "no label wraps").toBeLessThan(50);
  const width = page.viewportSize()!.width;
  for (const b of boxes) expect(b!.x + b!.width).toBeLessThanOrEqual(width);
  const labels = (await nav.getByRole("link").allTextContents()).map((t) => t.trim());
  expect(labels.indexOf("Reviews")).toBe(labels.indexOf("Learn") + 1);
}

const LEARNER = "grace@example.com";
const cardTitle = async (page: Page) =>
  (
    (await page
      .getByRole("region", { name: /^Card \d+ of \d+$/ })
      .locator("strong")
      .first()
      .textContent()) ?? ""
  ).trim();

describe("reviews in the browser", () => {
  it("a day after practice: due cards graded with keys and mouse, undo, the empty state, a German phone", async () => {
    const token = await devToken(LEARNER);
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
    const tried = await practiseThreeItems(token);
    // Not due yet: cards come due a day after the item.
    expect((await call<DueReviews>(token, "GET", "/v1/reviews/due")).dueCount).toBe(0);

    // A day and an hour later; her old access token has expired by then.
    clock.advance(25 * 3_600_000);
    await expect(call(token, "GET", "/v1/reviews/due")).rejects.toThrow(/→ 401/);
    const later = await devToken(LEARNER);
    const due = await call<DueReviews>(later, "GET", "/v1/reviews/due");
    expect(due.dueCount).toBe(3);
    expect(due.items.map((c) => c.front.split("\n")[0]).sort()).toEqual(tried.map((t) => `**${t}**`).sort());

    const grace = await open({ ...DESKTOP, timezoneId: "Europe/Berlin" }, "grace");
    const { page } = grace;
    await devSignIn(page, LEARNER, "/");
    await expectHeading(page, /^Hi, /);
    await navFitsOneLine(page);
    // An administrator's navigation has one link more, and still fits.
    const admin = await open(DESKTOP, "admin");
    await admin.page.goto("/sign-in?next=/reviews");
    await admin.page.getByLabel("Sign in as (email)").fill("reviews-admin@example.com");
    await admin.page.getByLabel("As an administrator").check();
    await admin.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(admin.page, "Reviews");
    await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).waitFor();
    await navFitsOneLine(admin.page);
    await e2e.screenshot(admin.page, "reviews-admin-nav");
    await navigate(page, "Reviews");
    await expectHeading(page, "Reviews");
    // Focus moves to the page's heading, where Space is not taken by a control.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await page.getByText("3 due", { exact: true }).waitFor();
    await page.getByText("0 of 50 reviewed today").waitFor();
    await page.getByText("Scheduled with FSRS.").waitFor();
    expect(await page.getByRole("link", { name: "Choose the schedule in your profile" }).getAttribute("href")).toBe(
      "/profile",
    );
    const card1 = page.getByRole("region", { name: "Card 1 of 3" });
    await card1.waitFor();
    const first = await cardTitle(page);
    expect(tried).toContain(first);
    expect(await page.getByRole("heading", { name: "Answer" }).count()).toBe(0);
    const show = page.getByRole("button", { name: "Show answer" });
    expect(await show.getAttribute("aria-keyshortcuts")).toBe("Space");
    await checkPage(e2e, page, "reviews-front");

    // Space shows the back and the four grades, each with its key.
    await page.keyboard.press("Space");
    await card1.getByRole("heading", { name: "Answer" }).waitFor();
    const grades = card1.getByRole("group", { name: "How well did you remember it?" });
    for (const [i, name] of ["Again", "Hard", "Good", "Easy"].entries()) {
      const button = grades.getByRole("button", { name, exact: true });
      expect(await button.getAttribute("aria-keyshortcuts")).toBe(String(i + 1));
      expect(await button.textContent()).toContain(String(i + 1));
    }
    await checkPage(e2e, page, "reviews-back");

    // 3 = Good: the next card comes.
    await page.keyboard.press("3");
    await page.getByRole("region", { name: "Card 2 of 3" }).waitFor();
    await expect.poll(() => cardTitle(page)).not.toBe(first);
    await page.getByText("2 due", { exact: true }).waitFor();
    await page.getByText("1 of 50 reviewed today").waitFor();
    await page.getByText("Graded Good. Next card.").waitFor({ state: "attached" });

    // Undo puts the first card back in front, as it was.
    await page.getByRole("button", { name: /^Undo “Good”/ }).click();
    await page.getByRole("region", { name: "Card 1 of 3" }).waitFor();
    await expect.poll(() => cardTitle(page)).toBe(first);
    await page.getByText("3 due", { exact: true }).waitFor();
    await page.getByText("0 of 50 reviewed today").waitFor();
    expect(await page.getByRole("button", { name: /^Undo/ }).count()).toBe(0);

    // The rest with the mouse; the U key takes back the first Easy.
    await page.getByRole("button", { name: "Show answer" }).click();
    await page.getByRole("button", { name: "Easy", exact: true }).click();
    await page.getByRole("region", { name: "Card 2 of 3" }).waitFor();
    await page.keyboard.press("u");
    await page.getByRole("region", { name: "Card 1 of 3" }).waitFor();
    await expect.poll(() => cardTitle(page)).toBe(first);
    const seen = [first];
    for (const [n, grade] of (["Good", "Hard", "Again"] as const).entries()) {
      await page.getByRole("region", { name: `Card ${n + 1} of 3` }).waitFor();
      if (n > 0) {
        await expect.poll(() => cardTitle(page)).not.toBe(seen.at(-1));
        seen.push(await cardTitle(page));
      }
      await page.getByRole("button", { name: "Show answer" }).click();
      await page.getByRole("button", { name: grade, exact: true }).click();
    }
    expect([...seen].sort()).toEqual([...tried].sort());
    await page.getByText("Nothing due — come back tomorrow").waitFor();
    await page.getByText("0 due", { exact: true }).waitFor();
    await page.getByText("3 of 50 reviewed today").waitFor();
    expect(await page.getByRole("link", { name: "Practise in Learn" }).getAttribute("href")).toBe("/learn");
    await page.getByRole("button", { name: /^Undo “Again”/ }).waitFor();
    await checkPage(e2e, page, "reviews-empty");

    // The server has it: the same after a reload.
    await page.reload();
    await expectHeading(page, "Reviews");
    await page.getByText("Nothing due — come back tomorrow").waitFor();
    await page.getByText("3 of 50 reviewed today").waitFor();
    const after = await call<DueReviews>(later, "GET", "/v1/reviews/due");
    expect(after).toMatchObject({ dueCount: 0, reviewedToday: 3, items: [] });
    await page.getByRole("link", { name: "Practise in Learn" }).click();
    await expectHeading(page, "Learn");
    expect(grace.problems).toEqual([]);

    // A German phone: the menu has Reviews; the last grade, taken back over HTTP, leaves one card to do there.
    const lastCard = due.items.find((c) => c.front.startsWith(`**${seen.at(-1)}**`))!;
    await call(later, "POST", `/v1/reviews/${lastCard.id}/undo`);
    const de = await open({ ...PHONE, locale: "de-DE", timezoneId: "Europe/Berlin" }, "grace-de");
    await devSignIn(de.page, LEARNER, "/");
    await expectHeading(de.page, /^Hi, /);
    await de.page.getByRole("button", { name: "Menu" }).click();
    const menu = de.page.getByRole("navigation", { name: "Main" });
    const reviewsLink = menu.getByRole("link", { name: "Reviews", exact: true });
    await reviewsLink.waitFor();
    const labels = (await menu.getByRole("link").allTextContents()).map((t) => t.trim());
    expect(labels.indexOf("Reviews")).toBe(labels.indexOf("Learn") + 1);
    const box = (await reviewsLink.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.viewport!.width);
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "reviews-de-phone-menu");
    await reviewsLink.tap();
    await expectHeading(de.page, "Reviews");
    await de.page.getByText("1 due", { exact: true }).waitFor();
    await de.page.getByText("2 of 50 reviewed today").waitFor();
    await expect.poll(() => cardTitle(de.page)).toBe(seen.at(-1));
    await fitsTheWindow(de.page);
    await de.page.getByRole("button", { name: "Show answer" }).tap();
    await de.page.getByRole("heading", { name: "Answer" }).waitFor();
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "reviews-de-phone-back");
    await de.page.getByRole("button", { name: "Good", exact: true }).tap();
    await de.page.getByText("Nothing due — come back tomorrow").waitFor();
    await de.page.getByText("3 of 50 reviewed today").waitFor();
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "reviews-de-phone-empty");
    expect(de.problems).toEqual([]);

    // Today's cap reached (fifty reviews are not clicked through here: the answer is stubbed), then a fault.
    await page.route("**/v1/reviews/due", (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ items: [], dueCount: 7, reviewedToday: 50, dailyCap: 50 }),
      }),
    );
    await page.goto("/reviews");
    await expectHeading(page, "Reviews");
    await page.getByText("That is today's 50 reviews").waitFor();
    await page.getByText("7 more cards are due; they will wait for tomorrow.", { exact: false }).waitFor();
    await page.getByText("50 of 50 reviewed today").waitFor();
    expect(await page.getByText("Nothing due").count()).toBe(0);
    await checkPage(e2e, page, "reviews-cap-reached");
    await page.unroute("**/v1/reviews/due");
    await page.route("**/v1/reviews/due", (route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        headers: { "x-request-id": "01JREVIEWFAULT000000000000" },
        body: JSON.stringify({
          error: {
            code: "internal.error",
            message: "Something went wrong on our side. Please try again.",
            requestId: "01JREVIEWFAULT000000000000",
          },
        }),
      }),
    );
    await page.reload();
    const alert = page.getByRole("alert").filter({ hasText: "Your reviews could not be loaded" });
    await alert.getByText("Something went wrong on our side").waitFor();
    await expect(alert.textContent()).resolves.toContain("Request id: 01JREVIEWFAULT000000000000");
    await page.unroute("**/v1/reviews/due");
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByText("Nothing due — come back tomorrow").waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
  });
});
