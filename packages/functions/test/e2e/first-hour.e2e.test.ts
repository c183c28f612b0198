// The first hour of a new learner, replayed in a real browser: each test walks the path a person took and tripped
// over — a browser in another language, an expired verification link, Back and reload in onboarding, form errors,
// a timezone change, pod states, the landing page.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../src/local/runtime.js";
import { callApi, DESKTOP, type E2E, linkIn, PHONE, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading, onboardUpToGoal, paintHours, SPRINT, signIn, signUpAndVerify } from "./steps.js";

const WEB_DIST = join(REPO_ROOT, "packages", "web", "dist");

// Real time, plus whatever a test skips forward (to let an emailed link expire).
let skipped = 0;
const clock = { now: () => new Date(Date.now() + skipped) };

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

const PASSWORD = "correct horse battery staple";
const opened: Window[] = [];
async function open(...args: Parameters<E2E["open"]>): Promise<Window> {
  const w = await e2e.open(...args);
  opened.push(w);
  return w;
}

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const ONBOARDING_STEPS = ["profile", "timezone", "availability", "preferences", "goal"];

/** A learner set up over HTTP (dev sign-in, preferences, onboarding done) and on a sprint's waitlist. */
async function learnerOnWaitlist(email: string, name: string, timezone: string, window: object): Promise<string> {
  const { accessToken } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", { email, name });
  const { updatedAt: _unsent, ...current } = await call<Record<string, unknown>>(
    accessToken,
    "GET",
    "/v1/me/preferences",
  );
  await call(accessToken, "PUT", "/v1/me/preferences", {
    ...current,
    timezone,
    availability: [window],
    experienceLevel: "beginner",
    collaborationStyle: "social",
  });
  for (const step of ONBOARDING_STEPS) await call(accessToken, "PATCH", "/v1/me/onboarding", { step, completed: true });
  await call(accessToken, "POST", "/v1/waitlist", { sprintType: "net_prompting" });
  return accessToken;
}

async function formPods(): Promise<number> {
  const { accessToken } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", {
    email: "ops@example.com",
    role: "admin",
  });
  const run = await call<{ podsFormed: number }>(accessToken, "POST", "/v1/admin/matching/run", {
    sprintType: "net_prompting",
  });
  return run.podsFormed;
}

async function devSignIn(page: Window["page"], email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Sign in as (email)").fill(email);
  await page.getByRole("button", { name: "Dev sign-in" }).click();
}

describe("the first hour of a new learner", () => {
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail")
      for (const [i, w] of opened.entries()) await e2e.screenshot(w.page, `failed-first-hour-${i}`);
    opened.length = 0;
  });

  it("a Spanish-language browser is told at the language step which languages each sprint runs in, and joins in one click", async () => {
    const { page, problems } = await open({ ...DESKTOP, locale: "es-ES", timezoneId: "Europe/Madrid" }, "es");
    const who = { name: "Lucía Fernández", email: "lucia@example.com", password: PASSWORD };
    await signUpAndVerify(e2e, page, who);
    await expectHeading(page, "Set up your account");
    await page.getByRole("heading", { level: 2, name: "About you" }).waitFor();

    // Told before the goal, not after it: each sprint's languages, and English preset because no sprint runs in Spanish.
    await page.getByText(`${SPRINT} runs in English.`).waitFor();
    await page
      .getByText("Your browser is set to Español, but no sprint runs in it yet, so we chose English.")
      .waitFor();
    await expect(page.getByLabel("Language for your pod").inputValue()).resolves.toBe("en");
    await checkPage(e2e, page, "es-onboarding-language");

    // She prefers Spanish anyway: warned, and let through.
    await page.getByLabel("Language for your pod").selectOption("es");
    await page.getByText("No sprint runs in Español yet: you could not join a pod in it.").waitFor();
    await onboardUpToGoal(
      e2e,
      page,
      who,
      {
        timezone: "Europe/Madrid",
        hours: { weekday: 2, from: 18, to: 21 },
        paintWith: "mouse",
        experience: "Beginner",
        style: "Social",
        language: "es",
      },
      undefined,
    );
    await page.getByLabel("Sprint", { exact: true }).selectOption({ label: SPRINT });
    await page.getByLabel("Goal", { exact: true }).fill("Escribir mis primeros prompts");
    await page.getByRole("button", { name: "Save goal and finish" }).click();
    await expectHeading(page, "Waitlist and matches");

    // The sprint says it runs in English, and joining in English is one click.
    const sprint = page.getByRole("region", { name: SPRINT });
    await sprint.getByText(`${SPRINT} runs in English; your pod language is Español.`).waitFor();
    await checkPage(e2e, page, "es-waitlist-language");
    await sprint.getByRole("button", { name: "Join in English" }).click();
    await sprint.getByText("On the waitlist").waitFor();
    expect(problems).toEqual([]);
  });

  it("an expired verification link is recovered from its page and from the sign-in refusal", async () => {
    const { page, problems } = await open({ ...PHONE, timezoneId: "Asia/Kolkata" }, "phone");
    const who = { name: "Priya Raman", email: "priya@example.com", password: PASSWORD };
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill(who.name);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expectHeading(page, "Check your email");
    const first = linkIn(await e2e.mail(who.email, /confirm your email/i), "/verify-email?token=");

    // She opens the email the next day: the link has expired, and the page offers a new one.
    skipped += 25 * 3600_000;
    await page.goto(first);
    await page.getByText("We could not verify your email").waitFor();
    await page.getByLabel("Your email").fill(who.email);
    await checkPage(e2e, page, "phone-verify-expired");
    await page.getByRole("button", { name: "Send me a new link" }).click();
    await page.getByText(`If ${who.email} is waiting to be confirmed, a new link is on its way.`).waitFor();

    // Before opening it she tries to sign in: refused, with a new link one click away.
    await page.goto("/sign-in");
    await signIn(page, who);
    await page.getByRole("alert").filter({ hasText: "Confirm your email first" }).waitFor();
    await checkPage(e2e, page, "phone-sign-in-unverified");
    await page.getByRole("button", { name: "Send me a new link" }).click();
    await page.getByText(`If ${who.email} is waiting to be confirmed, a new link is on its way.`).waitFor();

    const deadline = Date.now() + 10_000;
    let links: string[] = [];
    while (links.length < 3 && Date.now() < deadline) {
      const res = await fetch(`${e2e.url}/dev/outbox?to=${encodeURIComponent(who.email)}`, {
        headers: { accept: "application/json" },
      });
      const mails = ((await res.json()) as { items: Parameters<typeof linkIn>[0][] }).items;
      links = mails.filter((m) => /confirm your email/i.test(m.subject)).map((m) => linkIn(m, "/verify-email?token="));
      if (links.length < 3) await new Promise((r) => setTimeout(r, 200));
    }
    expect(new Set(links).size).toBe(3);
    // The newest link works, and she is in.
    await page.goto(links[0]!);
    await page.getByText("Your email is verified.").waitFor();
    await page.getByRole("link", { name: "Sign in" }).click();
    await signIn(page, who);
    await expectHeading(page, "Set up your account");
    expect(problems).toEqual([]);
  });

  it("each onboarding step is its own URL: Back goes to the previous step, and painted hours survive a reload", async () => {
    const { page, problems } = await open({ ...DESKTOP, timezoneId: "America/New_York" }, "desktop");
    const who = { name: "Maya Brooks", email: "maya@example.com", password: PASSWORD };
    await signUpAndVerify(e2e, page, who);
    const step = (title: string) => page.getByRole("heading", { level: 2, name: title }).waitFor();
    const path = () => new URL(page.url()).pathname;

    await step("About you");
    expect(path()).toBe("/onboarding/profile");
    await page.getByRole("button", { name: "Continue" }).click();
    await step("Your timezone");
    expect(path()).toBe("/onboarding/timezone");
    await page.getByRole("button", { name: "Continue" }).click();
    await step("When you can meet");
    expect(path()).toBe("/onboarding/availability");

    // Hours painted but not saved yet survive a reload.
    await paintHours(page, 3, 19, 22, "mouse");
    await page.getByText("3 hours a week marked").waitFor();
    await page.reload();
    await step("When you can meet");
    for (let h = 19; h < 22; h++)
      await expect(page.locator(`[data-cell="3:${h}"]`).getAttribute("aria-pressed")).resolves.toBe("true");
    await page.getByText("3 hours a week marked").waitFor();

    // Back goes to the previous steps, then to the verified page — which does not run its used link again.
    await page.goBack();
    await step("Your timezone");
    await page.goBack();
    await step("About you");
    await page.goBack();
    await page.getByText("Your email is verified.").waitFor();
    await expect(page.getByText("We could not verify your email").count()).resolves.toBe(0);
    // And Forward returns to where she was, hours intact.
    await page.goForward();
    await step("About you");
    await page.goForward();
    await step("Your timezone");
    await page.goForward();
    await step("When you can meet");
    await page.getByText("3 hours a week marked").waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    await step("How you like to work");
    expect(path()).toBe("/onboarding/preferences");

    // The in-page Back button goes back a step too, with the saved hours shown.
    await page.getByRole("button", { name: "Back" }).click();
    await step("When you can meet");
    await page.getByText("3 hours a week marked").waitFor();
    await checkPage(e2e, page, "desktop-onboarding-back");
    expect(problems).toEqual([]);
  });

  it("form errors are plain words next to their field, with no request id, and a name stops at the server's limit", async () => {
    const { page, problems } = await open({ ...DESKTOP, timezoneId: "Australia/Sydney" }, "sydney");
    await page.goto("/sign-in?next=/goals/new");
    await page.getByLabel("Sign in as (email)").fill("oliver@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await page.getByLabel("Goal", { exact: true }).waitFor();

    // An empty goal: the Goal field says so, in words, and no banner quotes a request id.
    await page.getByRole("button", { name: "Create goal" }).click();
    const title = page.getByLabel("Goal", { exact: true });
    await expect.poll(() => title.getAttribute("aria-invalid")).toBe("true");
    await page.getByText("Fill this in.").waitFor();
    await expect(page.getByText(/Too small|expected string|Request id/).count()).resolves.toBe(0);
    await expect(page.getByRole("alert").count()).resolves.toBe(0);

    // An end date before the start: said next to the end date, and the title typed is kept.
    await title.fill("Run 5 km without stopping");
    await page.getByLabel("End date (optional)").fill("2020-01-01");
    await page.getByRole("button", { name: "Create goal" }).click();
    await page.getByText("Choose an end date after the start date.").waitFor();
    await expect(page.getByLabel("End date (optional)").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByText(/must be after startDate|Request id/).count()).resolves.toBe(0);
    await expect(title.inputValue()).resolves.toBe("Run 5 km without stopping");
    await checkPage(e2e, page, "desktop-goal-field-errors");

    // A 5000-character name cannot be typed past the server's 80.
    await page.goto("/profile");
    const name = page.getByLabel("Name", { exact: true });
    await name.fill("x".repeat(5000));
    await expect(name.inputValue()).resolves.toHaveLength(80);
    expect(problems).toEqual([]);
  });

  it("a timezone change follows everywhere the learner looks, and zones have their current names", async () => {
    // Wednesdays 12:00–14:00 in New York is 18:00–20:00 in Berlin.
    const noonInNewYork = { weekday: 3, start: "12:00", end: "14:00" };
    for (const name of ["Nia", "Omar", "Pia"])
      await learnerOnWaitlist(`${name.toLowerCase()}@example.com`, name, "America/New_York", noonInNewYork);
    expect(await formPods()).toBe(1);

    const { page, problems } = await open({ ...DESKTOP, timezoneId: "America/New_York" }, "new-york");
    await devSignIn(page, "nia@example.com", "/pods");
    await expectHeading(page, "Pods");
    await page.getByText("(America/New_York)").waitFor();

    // She moves to Berlin and says so on her profile.
    await page.goto("/profile");
    await page.getByLabel("Timezone", { exact: true }).selectOption("Europe/Berlin");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Preferences saved.").waitFor();

    await page.goto("/pods");
    await expectHeading(page, "Pods");
    await page.getByText("(Europe/Berlin)").waitFor();
    await page
      .getByText(/Wednesdays 1[89]:\d\d/)
      .first()
      .waitFor();
    await expect(page.getByText("America/New_York").count()).resolves.toBe(0);
    await page.getByRole("link", { name: `${SPRINT} pod` }).click();
    await page.getByText("your time (Europe/Berlin), every week").waitFor();
    await page.goto("/");
    await page
      .getByText(/Wednesdays 1[89]:\d\d/)
      .first()
      .waitFor();

    // A learner in Kolkata sees her zone under its current name, however the browser spells it.
    const kolkata = await open({ ...PHONE, timezoneId: "Asia/Calcutta" }, "kolkata");
    await devSignIn(kolkata.page, "ananya@example.com", "/onboarding/timezone");
    await kolkata.page.getByText("Your browser says Asia/Kolkata.").waitFor();
    await expect(kolkata.page.getByLabel("Timezone", { exact: true }).inputValue()).resolves.toBe("Asia/Kolkata");
    await expect(kolkata.page.locator('option[value="Asia/Calcutta"]').count()).resolves.toBe(0);
    await checkPage(e2e, kolkata.page, "phone-onboarding-kolkata");
    expect([...problems, ...kolkata.problems]).toEqual([]);
  });

  it("pod states say what is true: invited is not in a pod, what a forming pod waits for, who left", async () => {
    // Saturdays 09:00–11:00 in Honolulu, for four learners: one pod of four.
    const saturdays = { weekday: 6, start: "09:00", end: "11:00" };
    const tokens: Record<string, string> = {};
    for (const name of ["Kai", "Lani", "Makoa", "Noe"])
      tokens[name] = await learnerOnWaitlist(`${name.toLowerCase()}@example.com`, name, "Pacific/Honolulu", saturdays);
    expect(await formPods()).toBe(1);

    const { page, problems } = await open({ ...DESKTOP, timezoneId: "Pacific/Honolulu" }, "honolulu");
    await devSignIn(page, "kai@example.com", "/matches");
    await expectHeading(page, "Waitlist and matches");
    // Invited, not yet in a pod.
    const sprint = page.getByRole("region", { name: SPRINT });
    await sprint.getByText(/You are invited to a pod for this sprint; answer by .+ your time/).waitFor();
    await expect(page.getByText("You are in a pod").count()).resolves.toBe(0);

    await sprint.getByRole("link", { name: "See the pod and answer" }).click();
    await page.getByRole("button", { name: "Accept and join the pod" }).click();
    // Accepted, with three still to answer: it waits for them or for the deadline, given in her time.
    await page
      .getByText(
        /You accepted: 1 of 4 have said yes\. The pod starts when 3 members still to answer have answered, or at the deadline by .+ your time if at least 3 have said yes by then\./,
      )
      .waitFor();
    await checkPage(e2e, page, "desktop-pod-waiting");

    // Two more say yes: still waiting on the fourth, and the page says so.
    const { items } = await call<{ items: { id: string }[] }>(tokens.Lani!, "GET", "/v1/pods");
    const podId = items[0]!.id;
    for (const name of ["Lani", "Makoa"]) await call(tokens[name]!, "POST", `/v1/pods/${podId}/accept`);
    await page.reload();
    await page
      .getByText(/You accepted: 3 of 4 have said yes\. The pod starts when 1 member still to answer has answered/)
      .waitFor();

    // Noe accepts, the pod is active; then Lani asks for a rematch. Kai is told Lani left, not that she moved pods.
    await call(tokens.Noe!, "POST", `/v1/pods/${podId}/accept`);
    await page.reload();
    await page.getByText("The pod is active").waitFor();
    await call(tokens.Lani!, "POST", `/v1/pods/${podId}/rematch`, { reason: "schedule_changed" });
    const mail = await e2e.mail("kai@example.com", /a member left/i);
    expect(mail.text).toContain("One of your pod-mates has left the pod.");
    expect(mail.text).not.toContain("moved on to another pod");
    expect(problems).toEqual([]);
  });

  it("a signed-out visitor at / sees what Pactly is and how a sprint works, and can sign up or sign in", async () => {
    const { page, problems } = await open(PHONE, "visitor");
    await page.goto("/");
    await expectHeading(page, "Learn with a pod that shows up");
    expect(new URL(page.url()).pathname).toBe("/");
    const how = page.getByRole("region", { name: "How a sprint works" });
    for (const part of [
      "Join a pod",
      "Put down a deposit, earn it back",
      "Meet every week",
      "Practise between sessions",
    ])
      await how.getByRole("heading", { name: part }).waitFor();
    await how.getByText(/tutor/).waitFor();
    await checkPage(e2e, page, "phone-landing");
    await page.getByRole("link", { name: "Create an account" }).click();
    await expectHeading(page, "Create your account");
    await page.goBack();
    await page.getByRole("link", { name: "Sign in" }).click();
    await expectHeading(page, "Sign in");
    expect(problems).toEqual([]);
  });

  it("sign-in and home load at most 150 KB of gzipped script, and the admin pages only where they are used", async () => {
    const { page, problems } = await open(DESKTOP, "sizes");
    const loaded = new Set<string>();
    page.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith(".js") && path.startsWith("/assets/")) loaded.add(path);
    });
    const gzippedKb = () =>
      [...loaded].reduce((n, f) => n + gzipSync(readFileSync(join(WEB_DIST, f))).length, 0) / 1024;

    await page.goto("/sign-in");
    await expectHeading(page, "Sign in");
    expect(gzippedKb()).toBeLessThanOrEqual(150);
    expect([...loaded].some((f) => f.includes("AdminMatchingPage"))).toBe(false);

    await page.getByLabel("Sign in as (email)").fill("quinn@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Set up your account");
    loaded.clear();
    await page.reload();
    await expectHeading(page, "Set up your account");
    await page.goto("/");
    await page.waitForLoadState("networkidle");
    expect(gzippedKb()).toBeLessThanOrEqual(150);
    expect([...loaded].some((f) => f.includes("AdminMatchingPage"))).toBe(false);
    expect(problems).toEqual([]);
  });
});
