// Progress in the browser. A learner in New York practises one day and reviews the next (over HTTP, answering
// whatever comes to mind, grading one card "Again"): her home page shows the 2-day streak and links to Progress,
// where a desktop and a phone window show mastery bars with their level in words, the streak calendar with today
// marked and learned, retention and attendance in words and tables. A brand-new learner sees the empty state.
// A learner whose timezone is Tokyo, practising at 17:00 UTC, opens Progress in a German browser set to Berlin,
// where it is still the day before: today's cell is Tokyo's date and learned. Attendance week by week is shown from
// stubbed answers (no pod meets here). Server and browser share one clock.
import { ManualClock } from "@pactly/core/platform";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading, navigate } from "./steps.js";

// Used inside the page (page.evaluate); this package is compiled without the DOM library.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

const DAY = 86_400_000;
// 16:00 UTC two days ago: a day and an hour later it is 17:00 UTC, already tomorrow in Tokyo, still today in Berlin.
const START = Math.floor(Date.now() / DAY) * DAY - 2 * DAY + 16 * 3_600_000;
const clock = new ManualClock(new Date(START));

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

const opened: Window[] = [];
/** A window whose page clock is the server's, so "today" is the same day on both sides. */
async function open(...args: Parameters<E2E["open"]>): Promise<Window> {
  const w = await e2e.open(...args);
  await w.page.clock.setFixedTime(clock.now());
  opened.push(w);
  return w;
}
afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail")
    for (const [i, w] of opened.entries()) await e2e.screenshot(w.page, `failed-progress-${i}`).catch(() => undefined);
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

/** Onboarding done over HTTP, in `timezone`. */
async function onboard(token: string, timezone: string) {
  const { updatedAt: _unsent, ...current } = await call<Record<string, unknown>>(token, "GET", "/v1/me/preferences");
  await call(token, "PUT", "/v1/me/preferences", {
    ...current,
    timezone,
    availability: [{ weekday: 3, start: "18:00", end: "21:00" }],
    experienceLevel: "beginner",
    collaborationStyle: "structured",
  });
  for (const step of ["profile", "timezone", "availability", "preferences", "goal"])
    await call(token, "PATCH", "/v1/me/onboarding", { step, completed: true });
}

interface SessionView {
  id: string;
  current: { question: { id: string; kind: string; choices?: { key: string }[] } } | null;
}

/** Practice over HTTP: three multiple-choice or short-answer items answered with something (code ones skipped). */
async function practiseThreeItems(token: string) {
  let s = await call<SessionView>(token, "POST", "/v1/learning-sessions", { mode: "practice", track: "net-prompting" });
  if (!s.current) s = await call<SessionView>(token, "GET", `/v1/learning-sessions/${s.id}/next`);
  let tried = 0;
  for (let looked = 0; tried < 3; looked++) {
    expect(looked, "enough items that are not code").toBeLessThan(30);
    const q = s.current!.question;
    if (q.kind !== "code") {
      const answer = q.kind === "multiple_choice" ? q.choices![0]!.key : "I am not sure";
      await call(token, "POST", `/v1/learning-sessions/${s.id}/attempts`, { questionId: q.id, answer });
      tried++;
    }
    if (tried === 3) break;
    s = await call<SessionView>(token, "GET", `/v1/learning-sessions/${s.id}/next?skip=true`);
  }
  await call(token, "POST", `/v1/learning-sessions/${s.id}/end`);
}

interface Progress {
  timezone: string;
  mastery: { track: string; tags: { tag: string; level: string }[] }[];
  streak: { currentDays: number; longestDays: number; activeDays: string[] };
  attendance: Record<string, number | null>;
  reviews: { reviews: number; remembered: number; retention: number | null };
}

/** The local date in `timeZone` at the shared clock's now. */
const localDate = (timeZone: string, at = clock.now()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

async function fitsTheWindow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The main navigation on one line, inside the window and clear of the logo, with Progress right after Reviews. */
async function navFitsOneLine(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main" });
  const boxes = await Promise.all((await nav.getByRole("listitem").all()).map((i) => i.boundingBox()));
  const middles = boxes.map((b) => b!.y + b!.height / 2);
  expect(Math.max(...middles) - Math.min(...middles), "one row of links").toBeLessThan(2);
  expect(Math.max(...boxes.map((b) => b!.height)), "no label wraps").toBeLessThan(50);
  for (const b of boxes) expect(b!.x + b!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  const logo = (await page.getByRole("link", { name: "Pactly" }).first().boundingBox())!;
  expect(logo.x + logo.width, "the logo clear of the first link").toBeLessThanOrEqual(boxes[0]!.x);
  const labels = (await nav.getByRole("link").allTextContents()).map((t) => t.trim());
  expect(labels.indexOf("Progress")).toBe(labels.indexOf("Reviews") + 1);
}

/** The calendar's cell for today: the given date, marked learned (or not), with its words for screen readers. */
async function expectToday(page: Page, day: string, learned: boolean) {
  const today = page.locator('td[aria-current="date"]');
  await today.waitFor();
  expect(await today.count()).toBe(1);
  expect(await today.getAttribute("data-day")).toBe(day);
  expect(await today.getAttribute("data-learned")).toBe(String(learned));
  expect((await today.textContent())?.trim()).toMatch(
    new RegExp(`^Today, .+: ${learned ? "learned" : "not learned"}$`),
  );
}

/** The mastery chart and its table: one bar per tag, each labelled with the level word the table gives it. */
async function expectMastery(page: Page, p: Progress) {
  const card = page.getByRole("region", { name: "Mastery by tag" });
  const tags = p.mastery.flatMap((m) => m.tags);
  expect(tags.length).toBeGreaterThan(0);
  const LEVELS: Record<string, string> = {
    attempted: "Attempted",
    familiar: "Familiar",
    proficient: "Proficient",
    mastered: "Mastered",
  };
  for (const t of tags) {
    const row = card.getByRole("row").filter({ has: page.getByRole("rowheader", { name: t.tag, exact: true }) });
    await expect(row.getByRole("cell").first().textContent()).resolves.toBe(LEVELS[t.level]);
  }
  await expect.poll(() => card.locator(".recharts-bar-rectangle").count()).toBe(tags.length);
  const labels = await card.locator(".recharts-label-list text").allTextContents();
  expect(labels.sort()).toEqual(tags.map((t) => LEVELS[t.level]).sort());
}

describe("progress in the browser", () => {
  it("streak, mastery and retention on desktop and phone; the empty state; Tokyo's day in a German browser", async () => {
    const ADA = "ada-progress@example.com";
    let token = await devToken(ADA);
    await onboard(token, "America/New_York");
    await practiseThreeItems(token);
    const practisedOn = localDate("America/New_York");

    // A day and an hour later (17:00 UTC): three cards due, two remembered, one "Again".
    clock.advance(25 * 3_600_000);
    token = await devToken(ADA);
    const due = await call<{ items: { id: string }[] }>(token, "GET", "/v1/reviews/due");
    expect(due.items).toHaveLength(3);
    for (const [i, card] of due.items.entries())
      await call(token, "POST", `/v1/reviews/${card.id}`, { grade: i === 2 ? "again" : "good" });
    const today = localDate("America/New_York");
    const p = await call<Progress>(token, "GET", "/v1/me/progress");
    expect(p.streak).toMatchObject({ currentDays: 2, longestDays: 2 });
    expect(p.streak.activeDays).toEqual([practisedOn, today]);
    expect(p.reviews).toEqual({ reviews: 3, remembered: 2, retention: 0.667 });

    // Home: the streak, and the way to Progress.
    const desk = await open({ ...DESKTOP, timezoneId: "America/New_York" }, "ada-desktop");
    const { page } = desk;
    await devSignIn(page, ADA, "/");
    await expectHeading(page, /^Hi, /);
    const homeStreak = page.getByRole("region", { name: "Streak" });
    await homeStreak.getByText("2-day streak · longest 2").waitFor();
    await checkPage(e2e, page, "progress-home-streak");
    await homeStreak.getByRole("link", { name: "See your progress" }).click();
    await expectHeading(page, "Progress");
    await page.waitForURL((url) => url.pathname === "/progress");
    // The main navigation has Progress, marked as the current page, and still fits one line.
    const nav = page.getByRole("navigation", { name: "Main" });
    // The link is marked once the router has settled on the page: wait for it rather than read it once.
    await expect
      .poll(() => nav.getByRole("link", { name: "Progress" }).getAttribute("aria-current"), { timeout: 10_000 })
      .toBe("page");
    await navFitsOneLine(page);

    const streak = page.getByRole("region", { name: "Streak" });
    await streak.getByText("2-day streak · longest 2").waitFor();
    await streak.getByText(/^Learned on 2 of the last \d+ days\. Today \(.+\) you learned\./).waitFor();
    await streak.getByText("America/New_York", { exact: false }).waitFor();
    await expectToday(page, today, true);
    expect(await page.locator(`td[data-day="${practisedOn}"]`).getAttribute("data-learned")).toBe("true");
    expect(await page.locator('td[data-learned="true"]').count()).toBe(2);
    expect(await streak.getByRole("table", { name: "Days learned, last 12 weeks" }).locator("td").count()).toBe(84);
    await expectMastery(page, p);
    const retention = page.getByRole("region", { name: "Review retention" });
    await retention
      .getByText("In the last 30 days you remembered 2 of 3 reviews (67%); 1 was graded “Again”.")
      .waitFor();
    await page
      .getByRole("region", { name: "Attendance" })
      .getByText("No pod sessions yet.", { exact: false })
      .waitFor();
    expect(await page.getByText("No practice yet — start in Learn").count()).toBe(0);
    await checkPage(e2e, page, "progress-desktop");
    expect(desk.problems).toEqual([]);

    // An administrator's navigation has one link more, and still fits.
    const admin = await open(DESKTOP, "admin");
    await admin.page.goto("/sign-in?next=/progress");
    await admin.page.getByLabel("Sign in as (email)").fill("progress-admin@example.com");
    await admin.page.getByLabel("As an administrator").check();
    await admin.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(admin.page, "Progress");
    await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).waitFor();
    await navFitsOneLine(admin.page);
    await e2e.screenshot(admin.page, "progress-admin-nav");

    // The same on a phone, reached from the menu; nothing runs off the side.
    const phone = await open({ ...PHONE, timezoneId: "America/New_York" }, "ada-phone");
    await devSignIn(phone.page, ADA, "/");
    await expectHeading(phone.page, /^Hi, /);
    await navigate(phone.page, "Progress");
    await expectHeading(phone.page, "Progress");
    await phone.page.getByText("2-day streak · longest 2").waitFor();
    await expectToday(phone.page, today, true);
    await expectMastery(phone.page, p);
    await phone.page.getByText("you remembered 2 of 3 reviews (67%)", { exact: false }).waitFor();
    await fitsTheWindow(phone.page);
    await checkPage(e2e, phone.page, "progress-phone");
    expect(phone.problems).toEqual([]);

    // Attendance from stubbed answers: three past sessions over two weeks, on time, late and absent.
    const weekAgo = new Date(clock.now().getTime() - 7 * DAY).toISOString();
    const sessions = [
      { id: "s1", startsAt: weekAgo, attendance: "on_time", checkedIn: true },
      { id: "s2", startsAt: new Date(Date.parse(weekAgo) + 3_600_000).toISOString(), attendance: "late" },
      { id: "s3", startsAt: new Date(clock.now().getTime() - 3_600_000).toISOString(), attendance: "absent" },
    ];
    const stub = (body: unknown) => ({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    await page.route("**/v1/me/progress", (route) =>
      route.fulfill(
        stub({
          ...p,
          attendance: { sessions: 3, attended: 2, checkedIn: 1, attendanceRate: 0.667, checkInRate: 0.333 },
        }),
      ),
    );
    await page.route("**/v1/pods", (route) =>
      route.fulfill(stub({ items: [{ id: "pod1", status: "active", myStatus: "accepted" }], nextCursor: null })),
    );
    await page.route("**/v1/pods/pod1/sessions", (route) =>
      route.fulfill(stub({ items: sessions.map(({ id, startsAt }) => ({ id, startsAt, status: "completed" })) })),
    );
    await page.route("**/v1/sessions/*", (route) => {
      const s = sessions.find((x) => route.request().url().endsWith(`/${x.id}`))!;
      return route.fulfill(
        stub({
          id: s.id,
          startsAt: s.startsAt,
          participants: [{ isYou: true, attendance: s.attendance, checkedIn: s.checkedIn ?? false }],
        }),
      );
    });
    await page.reload();
    const attendance = page.getByRole("region", { name: "Attendance" });
    await attendance.getByText("You attended 2 of 3 sessions (67%) and checked in at 1 (33%).").waitFor();
    const rows = attendance.getByRole("table").getByRole("row");
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).getByRole("cell").allTextContents()).map((t) => t.trim());
    // A week ago: on time, then late an hour later; this week: absent.
    expect(await cells(1)).toEqual(["1", "1", "0"]);
    expect(await cells(2)).toEqual(["0", "0", "1"]);
    await expect.poll(() => attendance.locator(".recharts-bar-rectangle").count()).toBeGreaterThanOrEqual(3);
    await checkPage(e2e, page, "progress-attendance");
    await page.unrouteAll();
    expect(desk.problems).toEqual([]);

    // A brand-new learner: the empty state, and no streak yet at home.
    const NEW = "new-progress@example.com";
    await onboard(await devToken(NEW), "Europe/London");
    const fresh = await open({ ...DESKTOP, timezoneId: "Europe/London" }, "new-desktop");
    await devSignIn(fresh.page, NEW, "/");
    await expectHeading(fresh.page, /^Hi, /);
    const freshStreak = fresh.page.getByRole("region", { name: "Streak" });
    await freshStreak.getByText("No streak yet").waitFor();
    await freshStreak.getByText("No practice yet — start in Learn.").waitFor();
    await navigate(fresh.page, "Progress");
    await expectHeading(fresh.page, "Progress");
    await fresh.page.getByText("No practice yet — start in Learn").waitFor();
    await expect(fresh.page.getByRole("link", { name: "Start in Learn" }).getAttribute("href")).resolves.toBe("/learn");
    await fresh.page.getByText("No tags practised yet", { exact: false }).waitFor();
    await fresh.page.getByText("No reviews in the last 30 days.", { exact: false }).waitFor();
    await fresh.page.getByText("No days learned yet in the last 12 weeks.", { exact: false }).waitFor();
    await expectToday(fresh.page, localDate("Europe/London"), false);
    expect(await fresh.page.locator(".recharts-wrapper").count()).toBe(0);
    await checkPage(e2e, fresh.page, "progress-empty");
    expect(fresh.problems).toEqual([]);

    // Tokyo: practice at 17:00 UTC falls on tomorrow's date there; the German browser in Berlin is still on today.
    const KEN = "ken-progress@example.com";
    const kenToken = await devToken(KEN);
    await onboard(kenToken, "Asia/Tokyo");
    await practiseThreeItems(kenToken);
    const tokyo = localDate("Asia/Tokyo");
    const berlin = localDate("Europe/Berlin");
    expect(tokyo > berlin, "the two cities are on different dates").toBe(true);
    const de = await open({ ...PHONE, locale: "de-DE", timezoneId: "Europe/Berlin" }, "ken-de");
    await devSignIn(de.page, KEN, "/");
    await expectHeading(de.page, /^Hi, /);
    await de.page.getByRole("region", { name: "Streak" }).getByText("1-day streak · longest 1").waitFor();
    await checkPage(e2e, de.page, "progress-de-home");
    await de.page.getByRole("link", { name: "See your progress" }).tap();
    await expectHeading(de.page, "Progress");
    await de.page.getByText("1-day streak · longest 1").waitFor();
    await de.page.getByText("Asia/Tokyo", { exact: false }).waitFor();
    await expectToday(de.page, tokyo, true);
    expect(await de.page.locator(`td[data-day="${berlin}"]`).getAttribute("data-learned")).toBe("false");
    // The day is written the German way in the words for screen readers.
    const dayName = new Intl.DateTimeFormat("de-DE", { weekday: "short", timeZone: "Asia/Tokyo" }).format(clock.now());
    await expect(de.page.locator('td[aria-current="date"]').textContent()).resolves.toContain(dayName);
    await fitsTheWindow(de.page);
    await checkPage(e2e, de.page, "progress-de-phone");
    expect(de.problems).toEqual([]);
  });
});
