// Moderation in the browser: in a pod of three, Bob checks in with an unkind win; Ada reports his check-in from the
// session page; an admin finds the report with Bob's words on the moderation page and suspends him for 3 days; Bob
// sees the suspension on every page, has a write refused in words, appeals from his standing page (still there after
// a reload); the admin overturns the appeal; Bob's notice is gone and his write goes through; the audit trail shows
// every step. The pod is formed over HTTP and the server's clock moved to the first session, where check-ins are taken.
import { ManualClock } from "@pactly/core/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, DESKTOP, type E2E, linkIn, PHONE, startE2E } from "./harness.js";
import { activePodOverHttp, checkPage, devToken, expectHeading, learnerOnWaitlist } from "./steps.js";

const clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000));
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ clock });
});
afterAll(async () => {
  await e2e?.stop();
});

const UNKIND = "Everyone else here is useless, I carry this pod";

async function devSignIn(page: import("playwright-core").Page, email: string, next: string, admin = false) {
  await page.goto(`/sign-in?next=${next}`);
  await page.getByLabel("Sign in as (email)").fill(email);
  if (admin) await page.getByLabel("As an administrator").check();
  await page.getByRole("button", { name: "Dev sign-in" }).click();
}

describe("moderation in the browser", () => {
  it("a report leads to a suspension, an appeal overturns it, and the audit trail shows each step", async () => {
    const people = ["Ada", "Bob", "Cy"];
    const tokens: string[] = [];
    for (const name of people)
      tokens.push(await learnerOnWaitlist(e2e, `${name.toLowerCase()}@example.com`, name, { onboarded: true }));
    const { podId, sessions } = await activePodOverHttp<{ id: string; number: number; startsAt: string }>(e2e, tokens);
    const first = sessions[0]!;
    // Cy has the coach prepare the first session's agenda: a coach document, version 1.
    const cyToken = await devToken(e2e, "cy@example.com", "Cy");
    const job = await callApi<{ id: string }>(e2e, cyToken, "POST", `/v1/sessions/${first.id}/coach/agenda`, {});
    for (const deadline = Date.now() + 60_000; ; ) {
      const { status } = await callApi<{ status: string }>(e2e, cyToken, "GET", `/v1/jobs/${job.id}`);
      if (status === "succeeded") break;
      if (status === "failed" || Date.now() > deadline) throw new Error(`the agenda job ended ${status}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    clock.set(new Date(Date.parse(first.startsAt) + 5 * 60_000));
    const bobToken = await devToken(e2e, "bob@example.com", "Bob");
    const bobId = (await callApi<{ id: string }>(e2e, bobToken, "GET", "/v1/me")).id;
    await callApi(e2e, bobToken, "POST", `/v1/sessions/${first.id}/checkins`, { attended: true, rpe: 7, win: UNKIND });

    // Ada: a Report action on each pod-mate in the pod, none on herself.
    const ada = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "ada");
    await devSignIn(ada.page, "ada@example.com", `/pods/${podId}`);
    const members = ada.page.getByRole("region", { name: /^Members/ });
    await members.getByRole("button", { name: "Report Bob" }).waitFor();
    await members.getByRole("button", { name: "Report Cy" }).waitFor();
    expect(await members.getByRole("button", { name: "Report Ada" }).count()).toBe(0);

    // On the session page she reports Bob's check-in; Escape closes the form and gives focus back first.
    await ada.page.goto(`/sessions/${first.id}`);
    await expectHeading(ada.page, "Session 1");
    const mates = ada.page.getByRole("region", { name: "Pod-mates' check-ins" });
    await mates.getByText(UNKIND).waitFor();
    const report = mates.getByRole("button", { name: "Report Bob's check-in" });
    await report.click();
    const form = ada.page.getByRole("form", { name: "Report Bob's check-in" });
    await expect(
      form.getByLabel("What is wrong?").evaluate((el) => el === el.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await ada.page.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
    await expect(report.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await ada.page.keyboard.press("Enter");
    // Sending without a reason is refused in words, before anything is sent.
    await form.getByRole("button", { name: "Send report" }).click();
    await form.getByText("Choose what is wrong.").waitFor();
    await form.getByLabel("What is wrong?").selectOption({ label: "Harassment or bullying" });
    await form.getByLabel("Anything to add (optional)").fill("He says this every session.");
    await form.getByText("27 of 1000 characters").waitFor();
    await checkPage(e2e, ada.page, "desktop-session-report");
    await form.getByRole("button", { name: "Send report" }).click();
    await mates.getByText("Thanks — a moderator will look at it.").waitFor();
    // The same check-in again, after a reload: the report is the one already open.
    await ada.page.reload();
    await mates.getByRole("button", { name: "Report Bob's check-in" }).click();
    await form.getByLabel("What is wrong?").selectOption({ label: "Harassment or bullying" });
    await form.getByRole("button", { name: "Send report" }).click();
    await mates.getByText("You already reported this; it is still being looked at.").waitFor();
    // The coach's document can be reported too (its current version).
    const coach = ada.page.getByRole("region", { name: "Coach" });
    await coach.getByRole("button", { name: "Report version 1 of the coach document" }).click();
    const docForm = ada.page.getByRole("form", { name: "Report version 1 of the coach document" });
    await docForm.getByLabel("What is wrong?").selectOption({ label: "Something else" });
    await docForm.getByRole("button", { name: "Send report" }).click();
    await coach.getByText("Thanks — a moderator will look at it.").waitFor();
    expect(ada.problems).toEqual([]);

    // The admin finds the report with Bob's words and suspends him for 3 days (a minute later, so the audit trail
    // has its steps in order).
    clock.advance(60_000);
    const admin = await e2e.open({ ...DESKTOP, timezoneId: "Europe/Madrid" }, "admin");
    await devSignIn(admin.page, "ops@example.com", "/admin/moderation", true);
    await expectHeading(admin.page, "Moderation");
    const reports = admin.page.getByRole("region", { name: "Reports" });
    const card = reports.getByRole("article", { name: "Harassment or bullying: Check-in of Bob" });
    await card.getByText(UNKIND).waitFor();
    await card.getByText("He says this every session.").waitFor();
    await checkPage(e2e, admin.page, "desktop-admin-moderation");
    // Days are asked for only when suspending.
    expect(await card.getByLabel("Days suspended").count()).toBe(0);
    await card.getByLabel("Outcome").selectOption({ label: "Suspend for a number of days" });
    await card.getByLabel("Days suspended").fill("3");
    await card.getByLabel("Note (the learner reads it)").fill("Insulting your pod-mates is not allowed here.");
    await card.getByRole("button", { name: "Save the decision" }).click();
    await reports.getByText("Decided: Bob — Suspended until").waitFor();
    await card.waitFor({ state: "detached" });
    // The coach document's report: nothing wrong with it; and the content filter has reported nothing.
    const doc = reports.getByRole("article", { name: "Something else: Coach document" });
    await doc.getByText("None: not written by a learner").waitFor();
    await doc.getByLabel("Note (the learner reads it)").fill("The agenda is fine.");
    await doc.getByRole("button", { name: "Save the decision" }).click();
    await doc.waitFor({ state: "detached" });
    await reports.getByText("No open reports").waitFor();
    await Promise.all([
      admin.page.waitForResponse((r) => r.url().includes("/v1/admin/reports?") && r.url().includes("source=filter")),
      reports.getByLabel("Reported by").selectOption({ label: "The content filter" }),
    ]);
    await reports.getByText("No open reports").waitFor();
    await reports.getByLabel("Reported by").selectOption({ label: "Learners and the content filter" });

    // Bob is told by email, with a link to his standing page.
    const mail = await e2e.mail("bob@example.com", /suspended/i);
    expect(new URL(linkIn(mail, "/account/standing")).pathname).toBe("/account/standing");

    // Bob, on his phone: the notice on every page, and a write refused with the API's words.
    const bob = await e2e.open({ ...PHONE, timezoneId: "Europe/Madrid" }, "bob");
    await devSignIn(bob.page, "bob@example.com", "/profile");
    await expectHeading(bob.page, "Profile and preferences");
    const banner = bob.page.getByRole("region", { name: "Account suspended" });
    await banner.getByText(/^Your account is suspended until .+\.$/).waitFor();
    await banner.getByText("You can still read, appeal, export or delete your data.").waitFor();
    await bob.page.getByLabel("About you (optional)").fill("I like prompt chains.");
    await bob.page.getByRole("button", { name: "Save profile" }).click();
    await bob.page.getByRole("alert").filter({ hasText: "Your account is suspended until" }).waitFor();
    await bob.page.goto("/goals");
    await banner.waitFor();

    // His standing page: the suspension, the decision with what was reported and the note; he appeals.
    await banner.getByRole("link", { name: "See your standing and appeal" }).click();
    await expectHeading(bob.page, "Your account standing");
    await bob.page
      .getByRole("region", { name: "Your account", exact: true })
      .getByText(/^Suspended until /)
      .waitFor();
    const decision = bob.page.getByRole("region", { name: "Harassment or bullying" });
    await decision.getByText(UNKIND).waitFor();
    await decision.getByText("Insulting your pod-mates is not allowed here.").waitFor();
    await decision.getByText(/^Suspended until /).waitFor();
    await decision.getByText("Not appealed yet.").waitFor();
    // Too short: refused in words.
    await decision.getByLabel("Appeal this decision").fill("Sorry");
    await decision.getByRole("button", { name: "Send appeal" }).click();
    await decision.getByText("Write at least 10 characters.").waitFor();
    clock.advance(60_000);
    const appealText = "I was quoting a film line we joked about in the session, not talking about my pod-mates.";
    await decision.getByLabel("Appeal this decision").fill(appealText);
    await decision.getByText(`${appealText.length} of 2000 characters`).waitFor();
    await checkPage(e2e, bob.page, "phone-standing");
    await decision.getByRole("button", { name: "Send appeal" }).click();
    await decision.getByText("Appeal sent. A moderator will look at it.").waitFor();
    await decision.getByText(/^Your appeal is open: a moderator will look at it\./).waitFor();
    expect(await decision.getByLabel("Appeal this decision").count()).toBe(0);
    await bob.page.reload();
    await expectHeading(bob.page, "Your account standing");
    await decision.getByText(/^Your appeal is open: a moderator will look at it\./).waitFor();
    expect(await decision.getByLabel("Appeal this decision").count()).toBe(0);
    await checkPage(e2e, bob.page, "phone-standing-appealed");

    // The admin reads the appeal with the decision it appeals, and overturns it.
    clock.advance(60_000);
    await admin.page.reload();
    await expectHeading(admin.page, "Moderation");
    const appeals = admin.page.getByRole("region", { name: "Appeals" });
    const appeal = appeals.getByRole("article", { name: /^Appeal by Bob/ });
    await appeal.getByText(appealText).waitFor();
    await appeal.getByText(UNKIND).waitFor();
    await appeal.getByText(/Suspended until/).waitFor();
    await appeal.getByLabel("Note (the learner reads it)").fill("It was a quote; the suspension is lifted.");
    await appeal.getByRole("button", { name: "Overturn the decision" }).click();
    await appeals.getByText("Appeal accepted: the decision is undone.").waitFor();
    await appeals.getByText("No open appeals").waitFor();

    // The audit trail for Bob, from his report: filed, decided, suspended, appealed, appeal decided, reinstated.
    await reports.getByLabel("Status").selectOption({ label: "Overturned on appeal" });
    const overturned = reports.getByRole("article", { name: "Harassment or bullying: Check-in of Bob" });
    await overturned.getByText(UNKIND).waitFor();
    await overturned.getByRole("button", { name: "Audit trail for this learner" }).click();
    const audit = admin.page.getByRole("region", { name: /^Audit trail/ });
    await audit.getByRole("heading", { name: `Audit trail for learner ${bobId}` }).waitFor();
    const entries = audit.getByRole("list", { name: "Audit entries, newest first" });
    for (const step of [
      "Report filed",
      "Report decided",
      "Account suspended",
      "Appeal filed",
      "Appeal decided",
      "Account reinstated",
    ])
      await entries.getByText(step, { exact: true }).first().waitFor();
    const actions = await entries.locator("li > p:first-child > span.font-semibold").allTextContents();
    // Newest first: the appeal's decision and the reinstatement end the story, the report began it.
    expect(new Set(actions.slice(0, 2))).toEqual(new Set(["Appeal decided", "Account reinstated"]));
    expect(actions.at(-1)).toBe("Report filed");
    await admin.page.setViewportSize({ width: 390, height: 844 });
    await checkPage(e2e, admin.page, "phone-admin-moderation");
    expect(admin.problems).toEqual([]);

    // Bob, after a reload: no notice, and his write goes through.
    await bob.page.goto("/profile");
    await expectHeading(bob.page, "Profile and preferences");
    await bob.page.getByLabel("About you (optional)").waitFor();
    expect(await banner.count()).toBe(0);
    await bob.page.getByLabel("About you (optional)").fill("I like prompt chains.");
    await bob.page.getByRole("button", { name: "Save profile" }).click();
    await bob.page.getByText("Profile saved.").waitFor();
    await bob.page.goto("/account/standing");
    await bob.page.getByText("Your account is in good standing: nothing is suspended.").waitFor();
    await bob.page
      .getByRole("region", { name: "Harassment or bullying" })
      .getByText(/^Your appeal was accepted: the decision was undone\./)
      .waitFor();
    // The refused write was a 403, not a failure on the server's side.
    expect(bob.problems).toEqual([]);
  });
});
