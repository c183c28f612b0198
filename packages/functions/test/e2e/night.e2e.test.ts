// A pod whose weekly time falls at night for one member, in the browser: Hana in Honolulu is told it meets at
// 23:00 her time and accepts only once she says she can make it; a pod-mate in Madrid sees that it is late for her.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E } from "./harness.js";
import { checkPage, expectHeading, learnerOnWaitlist, runMatching, SPRINT } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe("a pod that meets at night for a member", () => {
  it("says so on the pod page and asks her before she accepts", async () => {
    // Wednesday 10:00–11:00 in Madrid (09:00 UTC) is Tuesday 23:00–00:00 in Honolulu.
    for (const name of ["Marta", "Lucia"]) {
      await learnerOnWaitlist(e2e, `${name.toLowerCase()}@example.com`, name, {
        availability: [{ weekday: 3, start: "10:00", end: "11:00" }],
      });
    }
    await learnerOnWaitlist(e2e, "hana@example.com", "Hana", {
      timezone: "Pacific/Honolulu",
      availability: [{ weekday: 2, start: "22:00", end: "24:00" }],
    });
    expect((await runMatching(e2e)).podsFormed).toBe(1);

    const hana = await e2e.open({ ...PHONE, timezoneId: "Pacific/Honolulu" }, "phone");
    await hana.page.goto("/sign-in?next=/pods");
    await hana.page.getByLabel("Sign in as (email)").fill("hana@example.com");
    await hana.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(hana.page, "Pods");
    await hana.page.getByRole("link", { name: `${SPRINT} pod` }).click();
    await hana.page.getByText("This pod meets at night for you").waitFor();
    await expect(hana.page.getByText("Tuesday 23:00–00:00").first().isVisible()).resolves.toBe(true);
    const accept = hana.page.getByRole("button", { name: "Accept and join the pod" });
    await expect(accept.isDisabled()).resolves.toBe(true);
    await checkPage(e2e, hana.page, "phone-pod-night");
    await hana.page.getByLabel("I can meet at that time every week.").check();
    await expect(accept.isEnabled()).resolves.toBe(true);
    await accept.click();
    await hana.page.getByText(/You accepted/).waitFor();

    // A pod-mate in Madrid is told the time is late for Hana, on Hana's clock.
    const marta = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "desktop");
    await marta.page.goto("/sign-in?next=/pods");
    await marta.page.getByLabel("Sign in as (email)").fill("marta@example.com");
    await marta.page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(marta.page, "Pods");
    await marta.page.getByRole("link", { name: `${SPRINT} pod` }).click();
    await marta.page.getByText(/At night for one member/).waitFor();
    await marta.page.getByText(/Hana, Tuesday 23:00–00:00 \(Pacific\/Honolulu\)/).waitFor();
    // The overlap score says what it is measured against, next to the hours actually shared.
    await marta.page.getByText("measured against whoever has the fewest free hours").first().waitFor();
    await marta.page.getByText(/You share 1 hour of availability a week/).waitFor();
    // Her own time is not at night: nothing to confirm.
    await expect(marta.page.getByText("This pod meets at night for you").count()).resolves.toBe(0);
    await expect(marta.page.getByRole("button", { name: "Accept and join the pod" }).isEnabled()).resolves.toBe(true);
    expect(hana.problems).toEqual([]);
    expect(marta.problems).toEqual([]);
  });
});
