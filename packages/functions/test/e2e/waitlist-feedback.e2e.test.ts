// What a waiting learner is told, in the browser: too few people for the sprint at all (not "in your language"),
// then, once a pod has started nearby, an invitation to its free place because their hours fit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading, learnerOnWaitlist, runMatching, SPRINT } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const call = <T>(token: string | null, method: string, path: string, body?: unknown) =>
  callApi<T>(e2e, token, method, path, body);

describe("waitlist feedback", () => {
  it("says the sprint needs more people, then offers the free place of a pod that just started", async () => {
    const tokens = [
      await learnerOnWaitlist(e2e, "ines@example.com", "Ines"),
      await learnerOnWaitlist(e2e, "joan@example.com", "Joan"),
    ];
    expect((await runMatching(e2e)).podsFormed).toBe(0);

    const { page, problems } = await e2e.open({ ...PHONE, timezoneId: "Europe/Madrid" }, "phone");
    await page.goto("/sign-in?next=/matches");
    await page.getByLabel("Sign in as (email)").fill("ines@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Waitlist and matches");
    await page.getByText("Still waiting: Not enough learners have joined this sprint yet").waitFor();
    await expect(page.getByText("in your language").count()).resolves.toBe(0);
    await checkPage(e2e, page, "phone-waitlist-too-few");

    // A third joins: the three form a pod and start it. Then Kim joins, with the same hours.
    tokens.push(await learnerOnWaitlist(e2e, "lola@example.com", "Lola"));
    const formed = await runMatching(e2e);
    expect(formed.podsFormed).toBe(1);
    const podId = formed.podIds[0]!;
    for (const t of tokens) await call(t, "POST", `/v1/pods/${podId}/accept`);
    await learnerOnWaitlist(e2e, "kim@example.com", "Kim");
    const offered = await runMatching(e2e);
    expect(offered).toMatchObject({ podsFormed: 0, invitedToOpenPods: 1 });

    const kim = await e2e.open({ ...PHONE, timezoneId: "Europe/Madrid" }, "phone");
    await kim.page.goto("/sign-in?next=/matches");
    await kim.page.getByLabel("Sign in as (email)").fill("kim@example.com");
    await kim.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(kim.page, "Waitlist and matches");
    await kim.page.getByText("You are invited to a pod for this sprint").first().waitFor();
    await kim.page.goto(`/pods/${podId}`);
    await kim.page.getByRole("heading", { name: `${SPRINT} pod` }).waitFor();
    await kim.page.getByText("You are invited").first().waitFor();
    await kim.page.getByRole("button", { name: "Accept and join the pod" }).click();
    await kim.page.getByText("You are in. The pod is active").waitFor();
    expect(problems).toEqual([]);
    expect(kim.problems).toEqual([]);
  });
});
