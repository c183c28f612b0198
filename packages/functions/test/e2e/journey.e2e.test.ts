// The whole journey in a real browser, as the acceptance criterion puts it: three new learners (on a phone
// and on desktops) sign up, confirm their email from the outbox, onboard, set a goal and join a waitlist; an admin
// runs matching; each learner sees the pod with its common slot in their own timezone and accepts. Then one of them
// downloads an export and deletes the account, which can no longer sign in.

import { readFile } from "node:fs/promises";
import { systemActor } from "@pactly/core/access";
import { findUserByEmail, setRole } from "@pactly/core/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import {
  checkPage,
  expectHeading,
  type Learner,
  navigate,
  onboardUpToGoal,
  type Profile,
  SPRINT,
  setGoalAndJoinWaitlist,
  signIn,
  signUpAndVerify,
} from "./steps.js";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const PASSWORD = "correct horse battery staple";

const cast: { who: Learner; window: typeof PHONE; label: string; profile: Profile }[] = [
  {
    label: "phone",
    window: { ...PHONE, timezoneId: "Europe/London" },
    who: { name: "Ada Lovelace", email: "ada@example.com", password: PASSWORD },
    // Tuesday 18:00–21:00 in London…
    profile: {
      timezone: "Europe/London",
      hours: { weekday: 2, from: 18, to: 21 },
      paintWith: "touch",
      experience: "Intermediate",
      style: "Structured",
    },
  },
  {
    label: "desktop",
    window: { ...DESKTOP, timezoneId: "Europe/Berlin" },
    who: { name: "Grace Hopper", email: "grace@example.com", password: PASSWORD },
    // …is 19:00–22:00 in Berlin, all year round (both follow the EU's summer time).
    profile: {
      timezone: "Europe/Berlin",
      hours: { weekday: 2, from: 19, to: 22 },
      paintWith: "mouse",
      experience: "Intermediate",
      style: "Structured",
    },
  },
  {
    label: "keyboard",
    window: { ...DESKTOP, timezoneId: "Europe/London" },
    who: { name: "Alan Turing", email: "alan@example.com", password: PASSWORD },
    profile: {
      timezone: "Europe/London",
      hours: { weekday: 2, from: 18, to: 21 },
      paintWith: "keyboard",
      experience: "Advanced",
      style: "Structured",
    },
  },
];

describe("from sign-up to an active pod", () => {
  const windows: Window[] = [];
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    for (const [i, w] of windows.entries()) await e2e.screenshot(w.page, `failed-${ctx.task.name.slice(0, 40)}-${i}`);
  });

  it("each learner signs up, verifies their email from the outbox and onboards", async () => {
    for (const member of cast) {
      const w = await e2e.open(member.window, member.label);
      windows.push(w);
      const shots = member.label === "keyboard" ? undefined : member.label;
      await signUpAndVerify(e2e, w.page, member.who, shots);
      await onboardUpToGoal(e2e, w.page, member.who, member.profile, shots);
      await setGoalAndJoinWaitlist(e2e, w.page, `Ship a prompt tool (${member.who.name})`, shots);
      if (shots) await checkPage(e2e, w.page, `${shots}-waitlist`);
      expect(w.problems).toEqual([]);
    }
  });

  it("the last to join sees the others as matches, with the score broken down and explained", async () => {
    const { page } = windows[2]!;
    await page.reload();
    await expectHeading(page, "Waitlist and matches");
    // The welcome after onboarding was shown once, not on every visit.
    await expect(page.getByText("You are all set up.").count()).resolves.toBe(0);
    const matches = page.getByRole("region", { name: SPRINT }).last();
    await matches.getByText("Match 1:").waitFor();
    await expect(matches.getByText(/^Match \d:/).count()).resolves.toBe(2);
    await matches.getByRole("button", { name: "Why this match?" }).first().click();
    await matches.getByText("Shared availability").first().waitFor();
    await matches.getByText(/Overall = 40% shared availability/).waitFor();
    await checkPage(e2e, page, "desktop-matches");
  });

  it("an admin, granted the role, runs matching and a pod of the three is formed", async () => {
    const w = await e2e.open(DESKTOP, "admin");
    const { page } = w;
    await page.goto("/sign-in");
    await page.getByLabel("Sign in as (email)").fill("admin@example.com");
    await page.getByRole("button", { name: "Dev sign-in" }).click();
    await expectHeading(page, "Set up your account");
    // The grant an operator would run: the accounts domain's role change, by the system.
    const admin = await findUserByEmail(e2e.runtime.platform, "admin@example.com");
    await setRole(e2e.runtime.platform, systemActor, admin!.id, "admin");
    // The role reaches the browser with the next token: a reload refreshes it.
    await page.goto("/admin/matching");
    await expectHeading(page, "Matching");
    await page.getByLabel("Sprint").selectOption({ label: SPRINT });
    await page.getByRole("button", { name: "Run matching now" }).click();
    await page.getByRole("heading", { name: "1 pod formed" }).waitFor();
    await expect(page.getByRole("definition").filter({ hasText: /^3$/ }).count()).resolves.toBeGreaterThan(0);
    await checkPage(e2e, page, "desktop-admin-matching");
    expect(w.problems).toEqual([]);
  });

  it("each learner sees the pod and its common slot in their own timezone, and accepts; the pod becomes active", async () => {
    const hours: Record<string, number> = {};
    for (const [i, member] of cast.entries()) {
      const { page, problems } = windows[i]!;
      await page.goto("/");
      await expectHeading(page, `Hi, ${member.who.name.split(" ")[0]}`);
      const pods = page.getByRole("region", { name: "Your pods" });
      await pods.getByRole("link", { name: `${SPRINT} pod` }).waitFor();
      if (i < 2) await checkPage(e2e, page, `${member.label}-home`);
      await pods.getByRole("link", { name: `${SPRINT} pod` }).click();
      await expectHeading(page, `${SPRINT} pod`);
      const when = page.getByRole("region", { name: "When you meet" });
      await when.getByText(`your time (${member.profile.timezone}), every week`).waitFor();
      const meeting = (await when.locator("p").first().textContent())!;
      expect(meeting).toMatch(/^Tuesdays \d\d:00–\d\d:00$/);
      hours[member.profile.timezone] = Number(meeting.slice(10, 12));
      const members = page.getByRole("region", { name: /^Members/ });
      for (const other of cast) await members.getByText(other.who.name).waitFor();
      if (i < 2) await checkPage(e2e, page, `${member.label}-pod-invited`);
      await page.getByRole("button", { name: "Accept and join the pod" }).click();
      await page.getByText(i < cast.length - 1 ? "You accepted:" : "The pod is active").waitFor();
      expect(problems).toEqual([]);
    }
    // One weekly slot, shown an hour later in Berlin than in London.
    expect(hours["Europe/Berlin"]).toBe(hours["Europe/London"]! + 1);
    const { page } = windows[0]!;
    await page.reload();
    await page.getByText("The pod is active").waitFor();
    await expect(page.getByText("Accepted").count()).resolves.toBe(3);
    await checkPage(e2e, page, "phone-pod-active");
  });

  it("a learner changes their goal's schedule, a notification setting and a consent", async () => {
    const { page, problems } = windows[0]!;
    // Onboarding is done: coming back to it points to the profile instead of starting over.
    await page.goto("/onboarding");
    await page.getByText("Your account is set up.").waitFor();
    await page.getByRole("link", { name: "Go to your home page" }).click();
    await navigate(page, "Goals");
    await expectHeading(page, "Goals");
    // The pod is active: the goal gives the sprint's end, as the pod page does.
    const until = await page.getByText(/^The pod's sprint runs until /).textContent();
    await page.getByRole("link", { name: "Ship a prompt tool (Ada Lovelace)" }).click();
    await expectHeading(page, "Edit goal");
    await page.getByLabel("Goal", { exact: true }).fill("Ship a prompt tool and write it up");
    await page.getByLabel("Keep a backup slot").check();
    const backup = page.getByRole("group", { name: "Backup slot" });
    await backup.getByLabel("Day").selectOption({ label: "Saturday" });
    await backup.getByLabel("Time").fill("10:30");
    await checkPage(e2e, page, "phone-goal-edit");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expectHeading(page, "Goals");
    await page.getByRole("link", { name: "Ship a prompt tool and write it up" }).waitFor();
    const podLink = page.getByRole("link", { name: "See your pod" }).first();
    await podLink.click();
    const date = until!.replace(/^The pod's sprint runs until /, "").replace(/\.$/, "");
    await page.getByText(`, until ${date}`, { exact: false }).waitFor();
    await page.goBack();

    await navigate(page, "Profile");
    await expectHeading(page, "Profile and preferences");
    await page.getByLabel("Pod updates").uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await page.getByText("Preferences saved.").waitFor();
    await page.reload();
    await expectHeading(page, "Profile and preferences");
    await expect(page.getByLabel("Pod updates").isChecked()).resolves.toBe(false);
    await expect(page.getByLabel("Session reminders").isChecked()).resolves.toBe(true);
    await checkPage(e2e, page, "phone-profile");

    await navigate(page, "Privacy");
    await page.getByLabel("Emails beyond the essentials").check();
    await page.getByText("Your choices are saved.").waitFor();
    await page.reload();
    await expect(page.getByLabel("Emails beyond the essentials").isChecked()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it("a learner downloads an export of everything Pactly holds about them", async () => {
    const { page } = windows[0]!;
    await navigate(page, "Privacy");
    await expectHeading(page, "Privacy");
    await page.getByRole("button", { name: "Export my data" }).click();
    const link = page.getByRole("link", { name: "Download your data" });
    await link.waitFor({ timeout: 30_000 });
    const download = page.waitForEvent("download");
    await link.click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, "utf8")) as {
      format: string;
      records: { type: string; data: Record<string, unknown> }[];
    };
    expect(exported.format).toBe("pactly-export/1");
    const profile = exported.records.find((r) => r.type === "User");
    expect(profile?.data).toMatchObject({ email: cast[0]!.who.email, name: cast[0]!.who.name });
    await checkPage(e2e, page, "phone-privacy-export");
  });

  it("a learner asks for a rematch with a reason and is back on the waitlist with priority", async () => {
    const { page } = windows[1]!;
    await navigate(page, "Pods");
    await page.getByRole("link", { name: `${SPRINT} pod` }).click();
    await page.getByRole("button", { name: /Ask for a rematch/ }).click();
    await page.getByLabel("Why do you want a rematch?").selectOption({ label: "My schedule changed" });
    await page.getByLabel("Anything to add? (optional)").fill("New job, evenings are gone.");
    await page.getByRole("button", { name: "Leave the pod and rematch" }).click();
    await expectHeading(page, "Waitlist and matches");
    await page.getByText("You left the pod and are back on the waitlist with priority").waitFor();
    await page.getByRole("region", { name: SPRINT }).first().getByText("with priority").waitFor();
    // The matches card says something: who they could meet next, or that nobody shares their hours yet.
    await page
      .getByText(/^Match 1:|^No matches yet$/)
      .first()
      .waitFor();
    // Said once: a reload does not repeat it.
    await page.reload();
    await page.getByRole("region", { name: SPRINT }).first().getByText("with priority").waitFor();
    await expect(page.getByText("You left the pod and are back on the waitlist").count()).resolves.toBe(0);
  });

  it("a deleted account can no longer sign in", async () => {
    const member = cast[2]!;
    const { page } = windows[2]!;
    await page.goto("/privacy");
    await page.getByRole("button", { name: "Delete my account…" }).click();
    const confirm = page.getByRole("button", { name: "Delete my account for good" });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await page.getByLabel(/Type your email/).fill(member.who.email);
    await checkPage(e2e, page, "desktop-privacy-delete");
    await confirm.click();
    await expectHeading(page, "Sign in");
    await page.getByText("Your account and its data are deleted.").waitFor();
    await signIn(page, member.who);
    await page.getByRole("alert").filter({ hasText: "The email or password is not right." }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });
});
