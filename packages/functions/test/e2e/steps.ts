// What a learner does in the browser, one step per function, each waiting for what the learner would see.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { accessibilityProblems, callApi, type E2E, linkIn } from "./harness.js";

export interface Learner {
  name: string;
  email: string;
  password: string;
}

/** The visible page heading (every page has one <h1>). */
export async function heading(page: Page): Promise<string> {
  return (await page.locator("h1").first().textContent({ timeout: 15_000 }))?.trim() ?? "";
}

export async function expectHeading(page: Page, text: string | RegExp) {
  await page.getByRole("heading", { level: 1, name: text }).waitFor();
}

/** Sign up → the verification email in the outbox → open its link → sign in with the password. */
export async function signUpAndVerify(e2e: E2E, page: Page, who: Learner, shots?: string) {
  await page.goto("/sign-up");
  await expectHeading(page, "Create your account");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  if (shots) await checkPage(e2e, page, `${shots}-sign-up`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectHeading(page, "Check your email");

  const mail = await e2e.mail(who.email, /confirm your email/i);
  const link = linkIn(mail, "/verify-email?token=");
  expect(new URL(link).origin).toBe(e2e.url);
  await page.goto(link);
  await page.getByText("Your email is verified.").waitFor();
  if (shots) await checkPage(e2e, page, `${shots}-verified`);
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, who);
}

export async function signIn(page: Page, who: Pick<Learner, "email" | "password">) {
  await expectHeading(page, "Sign in");
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export type PaintWith = "mouse" | "touch" | "keyboard";

/** Paints the hours [from, to) of one weekday on the availability grid, the way a person would. */
export async function paintHours(page: Page, weekday: number, from: number, to: number, how: PaintWith) {
  const cell = (hour: number) => page.locator(`[data-cell="${weekday}:${hour}"]`);
  if (how === "keyboard") {
    await cell(from).focus();
    await page.keyboard.press("Space");
    for (let h = from + 1; h < to; h++) await page.keyboard.press("Shift+ArrowDown");
    return;
  }
  await cell(from).scrollIntoViewIfNeeded();
  // The last hour too: a pointer cannot paint what is scrolled out of the window.
  await cell(to - 1).scrollIntoViewIfNeeded();
  const centre = async (hour: number) => {
    const box = (await cell(hour).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  if (how === "mouse") {
    // Each cell is measured just before the pointer moves to it: the grid may have scrolled since the first.
    const start = await centre(from);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let h = from + 1; h < to; h++) {
      const p = await centre(h);
      await page.mouse.move(p.x, p.y, { steps: 4 });
    }
    await page.mouse.up();
    return;
  }
  const points = [];
  for (let h = from; h < to; h++) points.push(await centre(h));
  // A finger drag, through the DevTools protocol: Playwright's touchscreen API only taps.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [points[0]!] });
  let last = points[0]!;
  for (const p of points.slice(1)) {
    for (let i = 1; i <= 4; i++) {
      const at = { x: last.x + ((p.x - last.x) * i) / 4, y: last.y + ((p.y - last.y) * i) / 4 };
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at] });
    }
    last = p;
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

export interface Profile {
  timezone: string;
  /** Local hours to paint: weekday (1 = Monday), [from, to). */
  hours: { weekday: number; from: number; to: number };
  paintWith: PaintWith;
  experience: "Beginner" | "Intermediate" | "Advanced";
  style: "Structured" | "Flexible" | "Social" | "Quiet";
  /** The pod language to pick at the first step (its option value); English unless said. */
  language?: string;
}

/** The first four onboarding steps: about you, timezone (the browser's), availability, work style. */
export async function onboardUpToGoal(e2e: E2E, page: Page, who: Learner, profile: Profile, shots?: string) {
  await expectHeading(page, "Set up your account");
  const step = (title: string) => page.getByRole("heading", { level: 2, name: title }).waitFor();

  await step("About you");
  await expect(page.getByLabel("Your name").inputValue()).resolves.toBe(who.name);
  await page.getByLabel("Language for your pod").selectOption(profile.language ?? "en");
  await page.getByRole("button", { name: "Continue" }).click();

  await step("Your timezone");
  await page.getByText(`Your browser says ${profile.timezone}.`).waitFor();
  await expect(page.getByLabel("Timezone", { exact: true }).inputValue()).resolves.toBe(profile.timezone);
  await page.getByRole("button", { name: "Continue" }).click();

  await step("When you can meet");
  await page.getByText(`Times are in ${profile.timezone}`, { exact: false }).waitFor();
  // Continuing with nothing marked is refused with an explanation.
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("alert").filter({ hasText: "Mark at least one hour" }).waitFor();
  const { weekday, from, to } = profile.hours;
  await paintHours(page, weekday, from, to, profile.paintWith);
  for (let h = from; h < to; h++) {
    await expect.poll(() => page.locator(`[data-cell="${weekday}:${h}"]`).getAttribute("aria-pressed")).toBe("true");
  }
  await page.getByText(`${to - from} hours a week marked`).waitFor();
  if (shots) await checkPage(e2e, page, `${shots}-onboarding-availability`);
  await page.getByRole("button", { name: "Continue" }).click();

  await step("How you like to work");
  await page.getByRole("radio", { name: new RegExp(`^${profile.experience}`) }).check();
  await page.getByRole("radio", { name: new RegExp(`^${profile.style}`) }).check();
  if (shots) await checkPage(e2e, page, `${shots}-onboarding-style`);
  await page.getByRole("button", { name: "Continue" }).click();

  await step("Your first goal");
}

export const SPRINT = "Prompting and LLM programs";

/** The last onboarding step: a goal for the sprint, then straight to the waitlist page to join it. */
export async function setGoalAndJoinWaitlist(e2e: E2E, page: Page, goalTitle: string, shots?: string) {
  await page.getByLabel("Sprint", { exact: true }).selectOption({ label: SPRINT });
  await page.getByLabel("Goal", { exact: true }).fill(goalTitle);
  // One session a week for this sprint: its slot is suggested from the availability painted before.
  await expect(page.getByRole("group", { name: "Session 1" }).getByLabel("Day").inputValue()).resolves.toBe("2");
  if (shots) await checkPage(e2e, page, `${shots}-onboarding-goal`);
  await page.getByRole("button", { name: "Save goal and finish" }).click();

  await expectHeading(page, "Waitlist and matches");
  await page.getByText("You are all set up.").waitFor();
  const sprint = page.getByRole("region", { name: SPRINT });
  await sprint.getByRole("button", { name: "Join the waitlist" }).click();
  await sprint.getByText("On the waitlist").waitFor();
}

/** Follows a link (or Sign out) in the main navigation, through the menu button on a phone. */
export async function navigate(page: Page, label: string) {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole(label === "Sign out" ? "button" : "link", { name: label, exact: true }).click();
}

/** A key page: saved as a screenshot, and free of serious accessibility problems. */
export async function checkPage(e2e: E2E, page: Page, name: string) {
  await e2e.screenshot(page, name);
  expect(await accessibilityProblems(page), `accessibility of ${name}`).toEqual([]);
}

/** Signs in over HTTP with the local dev sign-in (an admin when asked): the access token. */
export async function devToken(e2e: E2E, email: string, name?: string, role?: "admin"): Promise<string> {
  const { accessToken } = await callApi<{ accessToken: string }>(e2e, null, "POST", "/v1/auth/dev-login", {
    email,
    ...(name ? { name } : {}),
    ...(role ? { role } : {}),
  });
  return accessToken;
}

export interface WaitingLearner {
  timezone?: string;
  availability?: { weekday: number; start: string; end: string }[];
  /** Onboarding marked done, so home shows the dashboard rather than the first step. */
  onboarded?: boolean;
}

/**
 * A learner set up over HTTP as onboarding leaves one (preferences saved: Madrid, Wednesday mornings unless told
 * otherwise), on the net_prompting waitlist: their access token.
 */
export async function learnerOnWaitlist(e2e: E2E, email: string, name: string, opts: WaitingLearner = {}) {
  const token = await devToken(e2e, email, name);
  const { updatedAt: _unsent, ...current } = await callApi<Record<string, unknown>>(
    e2e,
    token,
    "GET",
    "/v1/me/preferences",
  );
  await callApi(e2e, token, "PUT", "/v1/me/preferences", {
    ...current,
    timezone: opts.timezone ?? "Europe/Madrid",
    availability: opts.availability ?? [{ weekday: 3, start: "07:00", end: "09:00" }],
    experienceLevel: "beginner",
    collaborationStyle: "social",
  });
  await callApi(e2e, token, "POST", "/v1/waitlist", { sprintType: "net_prompting" });
  if (opts.onboarded) {
    for (const step of ["profile", "timezone", "availability", "preferences", "goal"])
      await callApi(e2e, token, "PATCH", "/v1/me/onboarding", { step, completed: true });
  }
  return token;
}

/** An admin runs matching for net_prompting now: the run's answer. */
export async function runMatching<T = { podsFormed: number; invitedToOpenPods: number; podIds: string[] }>(
  e2e: E2E,
): Promise<T> {
  const admin = await devToken(e2e, "ops@example.com", undefined, "admin");
  return callApi<T>(e2e, admin, "POST", "/v1/admin/matching/run", { sprintType: "net_prompting" });
}

/**
 * Matching forms one pod of the waiting learners, every member accepts, and the sprint's sessions (created through
 * the outbox) are all there: the pod and its sessions in order.
 */
export async function activePodOverHttp<S extends { id: string; number: number }>(
  e2e: E2E,
  tokens: string[],
  sessions = 6,
): Promise<{ podId: string; sessions: S[] }> {
  const podId = (await runMatching(e2e)).podIds[0]!;
  for (const t of tokens) await callApi(e2e, t, "POST", `/v1/pods/${podId}/accept`);
  let list: S[] = [];
  for (const deadline = Date.now() + 20_000; list.length < sessions; ) {
    if (Date.now() > deadline) throw new Error(`the sprint's sessions were not created: ${list.length}`);
    await new Promise((r) => setTimeout(r, 300));
    list = (await callApi<{ items: S[] }>(e2e, tokens[0]!, "GET", `/v1/pods/${podId}/sessions`)).items;
  }
  return { podId, sessions: list.sort((a, b) => a.number - b.number) };
}
