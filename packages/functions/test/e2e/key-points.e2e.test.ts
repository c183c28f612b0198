// A lesson's key points in the browser: a learner reads a lesson, adds its key points to her reviews (a second click,
// after a reload, adds nothing more), and the next day recalls them on the reviews page like any card.
import { ManualClock } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading } from "./steps.js";

const clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000));
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

describe("a lesson's key points", () => {
  it("are added to reviews once and come back the next day for recall", async () => {
    await callApi(e2e, null, "POST", "/v1/auth/dev-login", { email: "wen@example.com", name: "Wen" });
    const { page, problems } = await e2e.open(PHONE, "phone");
    await page.goto("/sign-in?next=/learn/lessons/np-lesson-few-shot");
    await page.getByLabel("Sign in as (email)").fill("wen@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Few-shot examples");
    const card = page.getByRole("region", { name: "Key points" });
    await card.getByText("What is a few-shot prompt?").waitFor();
    await card.getByRole("button", { name: "Add the key points to my reviews" }).click();
    await card.getByText(/^2 key points added to your reviews: they come back for recall from /).waitFor();
    await checkPage(e2e, page, "phone-lesson-key-points");
    // A reload and a second click: already there, nothing doubled.
    await page.reload();
    await page.getByRole("button", { name: "Add the key points to my reviews" }).click();
    await page.getByText(/^These key points are already in your reviews/).waitFor();

    // The next day.
    clock.set(new Date(clock.now().getTime() + 25 * 3_600_000));
    await page.goto("/reviews");
    await expectHeading(page, "Reviews");
    await page.getByText("2 due", { exact: true }).waitFor();
    const first = page.getByRole("region", { name: "Card 1 of 2" });
    await first.getByText(/What is a few-shot prompt\?|What can go wrong with few-shot examples/).waitFor();
    await page.getByRole("button", { name: "Show answer" }).click();
    await first.getByRole("heading", { name: "Answer" }).waitFor();
    await first
      .getByRole("group", { name: "How well did you remember it?" })
      .getByRole("button", { name: "Good", exact: true })
      .click();
    await page.getByRole("region", { name: "Card 2 of 2" }).waitFor();
    await page.getByText("1 due", { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
