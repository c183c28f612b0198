// An admin's matching page and a learner's settings in the browser: the sprint with learners waiting comes
// preselected with their names, a run shows the pod it formed by its members' names; a learner's profile shows the
// calendar feed's address once made, explains the review schedules in plain words, and hides settings that do nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, startE2E } from "./harness.js";
import { checkPage, expectHeading, SPRINT } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

const LEARNERS = ["Hedy Lamarr", "Radia Perlman", "Frances Allen"];
const emailOf = (name: string) => `${name.split(" ")[0]!.toLowerCase()}@example.com`;

async function learnerOnWaitlist(name: string): Promise<void> {
  const { accessToken } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", {
    email: emailOf(name),
    name,
  });
  const prefs = await call<Record<string, unknown>>(accessToken, "GET", "/v1/me/preferences");
  const { updatedAt: _unsent, ...current } = prefs;
  await call(accessToken, "PUT", "/v1/me/preferences", {
    ...current,
    timezone: "Europe/Madrid",
    availability: [{ weekday: 3, start: "07:00", end: "09:00" }],
    experienceLevel: "beginner",
    collaborationStyle: "social",
  });
  await call(accessToken, "POST", "/v1/waitlist", { sprintType: "net_prompting" });
}

describe("the admin matching page", () => {
  it("preselects the sprint with learners waiting, names them, and names the members of the pod a run forms", async () => {
    for (const name of LEARNERS) await learnerOnWaitlist(name);

    const { page, problems } = await e2e.open(DESKTOP, "admin");
    await page.goto("/sign-in");
    await page.getByLabel("Sign in as (email)").fill("ops@example.com");
    await page.getByLabel("As an administrator").check();
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.goto("/admin/matching");
    await expectHeading(page, "Matching");

    // Another sprint comes first in the catalog; the one people wait for is the one chosen.
    const sprint = page.getByLabel("Sprint");
    await expect(sprint.locator("option").first().textContent()).resolves.not.toBe(SPRINT);
    const waiting = page.getByRole("region", { name: `Waiting for ${SPRINT}` });
    await waiting.getByText("3 learners waiting (3 in en).").waitFor();
    await expect(sprint.inputValue()).resolves.toBe("net_prompting");
    for (const name of LEARNERS) {
      const row = waiting.getByRole("row").filter({ hasText: name });
      await expect(row.getByRole("cell").allTextContents()).resolves.toEqual([
        name,
        "Europe/Madrid",
        "en",
        expect.any(String),
        "No",
      ]);
    }
    await checkPage(e2e, page, "desktop-admin-matching-waitlist");

    await page.getByRole("button", { name: "Run matching now" }).click();
    const result = page.getByRole("region", { name: `1 pod formed for ${SPRINT}` });
    await result.waitFor();
    const pod = result.getByRole("listitem");
    await expect(pod.count()).resolves.toBe(1);
    const text = (await pod.textContent()) ?? "";
    for (const name of LEARNERS) expect(text).toContain(name);
    // The pod is linked by a label, not by its id.
    const link = pod.getByRole("link", { name: "Pod 1" });
    expect(await link.getAttribute("href")).toMatch(/^\/pods\/[0-9A-Za-z]+$/);
    expect(text).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);

    // The list refreshes after the run: the three were placed, the same sprint stays chosen.
    await waiting.getByText("Nobody is waiting for this sprint.").waitFor();
    await expect(sprint.inputValue()).resolves.toBe("net_prompting");
    await checkPage(e2e, page, "desktop-admin-matching-run");
    expect(problems).toEqual([]);
  });
});

describe("a learner's settings", () => {
  it("shows the calendar feed's address once made, explains review schedules plainly, and hides dead settings", async () => {
    const { page, problems } = await e2e.open(DESKTOP, "learner");
    await page.goto("/sign-in?next=/profile");
    await page.getByLabel("Sign in as (email)").fill("grace@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Profile and preferences");

    const feed = page.getByRole("region", { name: "Calendar feed" });
    await feed.getByRole("button", { name: "Make my calendar address" }).click();
    const address = feed.getByLabel("Calendar address (keep it to yourself)");
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await feed.getByRole("link", { name: "Open in my calendar app" }).getAttribute("href")).toBe(
      url.replace(/^https?:/, "webcal:"),
    );
    // The address is a working feed a calendar app can follow.
    const ics = await fetch(url);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VCALENDAR");

    // The review schedules, in what changes for the learner.
    const schedules = page.getByRole("group", { name: "When review cards come back" });
    await schedules.getByText("brings it back just before you would forget it").waitFor();
    await schedules.getByText("Usually fewer reviews a day for the same result").waitFor();
    await schedules.getByText("comes back after 1 day, then 6 days").waitFor();
    await page.getByText("You can switch at any time: your cards keep their progress either way.").waitFor();
    await expect(schedules.getByRole("radio", { name: /Adaptive \(FSRS, recommended\)/ }).isChecked()).resolves.toBe(
      true,
    );

    // Settings nothing acts on are not offered.
    await expect(page.getByLabel("Private calendar feed").count()).resolves.toBe(0);
    await expect(page.getByText("News and offers").count()).resolves.toBe(0);
    await checkPage(e2e, page, "desktop-profile-settings");

    await page.goto("/notifications");
    await expectHeading(page, "Notifications");
    await page.getByLabel("Session reminders by email").waitFor();
    await expect(page.getByText("News and offers").count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
