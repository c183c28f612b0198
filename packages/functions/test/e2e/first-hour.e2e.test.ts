// The first hour of a new learner, replayed in a real browser: each test walks the path a person took and tripped
// over — a browser in another language, an expired verification link, Back and reload in onboarding, form errors,
// a timezone change, pod states, the landing page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import { checkPage, expectHeading, onboardUpToGoal, SPRINT, signUpAndVerify } from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
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
});
