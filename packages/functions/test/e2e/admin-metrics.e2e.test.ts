// The admin metrics page in the browser: after two learners practise with the tutor and matching forms a pod, an
// admin sees today's active learners and the formation rate, the per-day table, and picks another range; a bad
// range is refused in words; a learner is told the page is not for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, startE2E } from "./harness.js";
import { checkPage, expectHeading, learnerOnWaitlist, runMatching } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

describe("admin metrics", () => {
  it("shows today's active learners and formation, a per-day table, and refuses a bad range in words", async () => {
    const tokens = [
      await learnerOnWaitlist(e2e, "tara@example.com", "Tara"),
      await learnerOnWaitlist(e2e, "uma@example.com", "Uma"),
    ];
    await learnerOnWaitlist(e2e, "vic@example.com", "Vic");
    // Two of them practise (twice for Tara: she still counts once).
    for (const t of [tokens[0]!, tokens[0]!, tokens[1]!]) {
      await call(t, "POST", "/v1/learning-sessions", { mode: "practice", track: "net-prompting" });
    }
    await runMatching(e2e);

    const { page, problems } = await e2e.open(DESKTOP, "desktop");
    await page.goto("/sign-in?next=/admin/metrics");
    await page.getByLabel("Sign in as (email)").fill("ops@example.com");
    await page.getByLabel("As an administrator").check();
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Metrics");
    const today = page.getByRole("region", { name: /^Today/ });
    await today.waitFor();
    const figure = (label: string) => today.locator("div", { has: page.getByText(label, { exact: true }) }).last();
    await expect(figure("Daily active learners").locator("dd").first().textContent()).resolves.toBe("2");
    await expect(figure("Pod formation").locator("dd").first().textContent()).resolves.toBe("100%");
    await page.getByRole("table").first().waitFor();
    await checkPage(e2e, page, "desktop-admin-metrics");

    // From after To: refused in words, nothing lost.
    const day = new Date().toISOString().slice(0, 10);
    await page.getByLabel("From", { exact: true }).fill(day);
    await page.getByLabel("To", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: /Show/ }).click();
    await page.getByRole("alert").filter({ hasText: "The start date is after the end date." }).waitFor();
    // The dates typed stay in the form to correct.
    await expect(page.getByLabel("To", { exact: true }).inputValue()).resolves.toBe("2020-01-01");

    const { page: learnerPage } = await e2e.open(DESKTOP, "learner");
    await learnerPage.goto("/sign-in?next=/admin/metrics");
    await learnerPage.getByLabel("Sign in as (email)").fill("tara@example.com");
    await learnerPage.getByRole("button", { name: "Dev sign-in" }).click();
    await learnerPage.getByText("This page is for administrators.").waitFor();
    expect(problems.filter((p) => !/ 400 /.test(p))).toEqual([]);
  });
});
