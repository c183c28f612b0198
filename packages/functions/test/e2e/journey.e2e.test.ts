// The whole journey in a real browser, as the acceptance criterion puts it: three new learners (on a phone
// and on desktops) sign up, confirm their email from the outbox, onboard, set a goal and join a waitlist; an admin
// runs matching; each learner sees the pod with its common slot in their own timezone and accepts. Then one of them
// downloads an export and deletes the account, which can no longer sign in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, type E2E, PHONE, startE2E, type Window } from "./harness.js";
import { expectHeading, type Learner, onboardUpToGoal, type Profile, signUpAndVerify } from "./steps.js";

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
      expect(w.problems).toEqual([]);
    }
  });
});
