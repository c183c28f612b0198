// Declining a pod invitation in the browser, with the pod set up over HTTP: three learners join a waitlist, an admin
// runs matching, and one of them — signed in through the local dev sign-in — declines after a confirmation.
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

async function learnerOnWaitlist(email: string, name: string): Promise<void> {
  const { accessToken } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", { email, name });
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

describe("answering a pod invitation", () => {
  it("declines after confirming, and goes back to the waitlist page", async () => {
    for (const name of ["Hedy", "Radia", "Frances"]) await learnerOnWaitlist(`${name.toLowerCase()}@example.com`, name);
    const { accessToken: admin } = await call<{ accessToken: string }>(null, "POST", "/v1/auth/dev-login", {
      email: "ops@example.com",
      role: "admin",
    });
    const run = await call<{ podsFormed: number }>(admin, "POST", "/v1/admin/matching/run", {
      sprintType: "net_prompting",
    });
    expect(run.podsFormed).toBe(1);

    const { page, problems } = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "desktop");
    await page.goto("/sign-in?next=/pods");
    await page.getByLabel("Sign in as (email)").fill("hedy@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Pods");
    await page.getByRole("link", { name: `${SPRINT} pod` }).click();
    await page.getByText("Wednesdays", { exact: false }).first().waitFor();

    await page.getByRole("button", { name: "Decline…" }).click();
    await page.getByText("Decline this pod? Your place goes to someone on the waitlist").waitFor();
    await checkPage(e2e, page, "desktop-pod-decline");
    // Changing one's mind keeps the invitation.
    await page.getByRole("button", { name: "Keep the invitation" }).click();
    await page.getByRole("button", { name: "Decline…" }).click();
    await page.getByRole("button", { name: "Yes, decline" }).click();
    await expectHeading(page, "Waitlist and matches");
    await page.getByText("You declined the pod. Your place goes to someone on the waitlist").waitFor();
    await expect(page.getByRole("heading", { name: "Pod invitations" }).count()).resolves.toBe(0);
    // The place went to the waitlist; joining again for a later pod is one click away.
    await page
      .getByRole("region", { name: SPRINT })
      .first()
      .getByRole("button", { name: "Join the waitlist" })
      .waitFor();

    // A declined pod is not one of mine any more.
    await page.goto("/pods");
    await page.getByText("No pods yet").waitFor();
    expect(problems).toEqual([]);
  });
});
