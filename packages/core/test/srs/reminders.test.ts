// Daily review reminders against DynamoDB Local with a controllable clock: at 08:00 in the learner's timezone, only
// with reviews due, only when they kept review reminders on, never twice a day, and following a timezone change.

import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { createUser, preferencesOf, putPreferences } from "../../src/accounts/index.js";
import { accountsDomain } from "../../src/accounts/module.js";
import { getPublishedQuestion } from "../../src/content/index.js";
import { accountChanged } from "../../src/domain/index.js";
import { notificationsDomain } from "../../src/notifications/module.js";
import { deliverDueEffects, ManualClock, type Platform } from "../../src/platform/index.js";
import { ensureQuestionCard, nextReminderTime, sendDueReviewReminders } from "../../src/srs/index.js";
import { srsDomain } from "../../src/srs/module.js";
import { testPlatform } from "../helpers/platform.js";
import { publishTutorPack } from "../helpers/tutor-pack.js";

/** Monday 5 January 2026, 09:00 UTC = 01:00 in Los Angeles. */
const START = "2026-01-05T09:00:00.000Z";

let n = 0;
async function learner(p: Platform, prefs: Record<string, unknown>) {
  const user = await createUser(p, {
    email: `r${++n}@example.com`,
    name: "Rae",
    emailVerified: true,
    signInMethod: "password",
  });
  const actor: Actor = { userId: user.id, role: "learner" };
  const { updatedAt: _u, ...input } = await preferencesOf(p, user.id);
  await putPreferences(p, actor, user.id, { ...input, ...prefs } as typeof input);
  return user;
}

async function setup() {
  const clock = new ManualClock(START);
  const { platform: p } = await testPlatform({ clock, domains: [accountsDomain, notificationsDomain, srsDomain] });
  await publishTutorPack(p);
  const q = (await getPublishedQuestion(p, "alpha-1"))!;
  const run = async (iso: string) => {
    clock.set(iso);
    const sent = await sendDueReviewReminders(p);
    await deliverDueEffects(p);
    return sent;
  };
  const mails = async (to: string) =>
    (await p.local!.outbox.list({ to })).items.filter((m) => m.template === "review_reminder");
  return { p, clock, q, run, mails };
}

describe("review reminders", () => {
  it("go out at 08:00 local when reviews are due, once a day", async () => {
    const { p, q, run, mails } = await setup();
    const rae = await learner(p, { timezone: "America/Los_Angeles" });
    await ensureQuestionCard(p, rae.id, q); // due Tuesday 09:00 UTC
    // Monday 08:00 in Los Angeles (16:00 UTC): nothing due yet.
    expect(await run("2026-01-05T16:00:00.000Z")).toBe(0);
    // Tuesday 07:45 local: not yet the hour.
    expect(await run("2026-01-06T15:45:00.000Z")).toBe(0);
    expect(await run("2026-01-06T16:00:00.000Z")).toBe(1);
    expect(await run("2026-01-06T16:15:00.000Z")).toBe(0);
    expect(await run("2026-01-06T23:00:00.000Z")).toBe(0);
    const sent = await mails(rae.email!);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("One review is due today");
    expect(sent[0]!.text).toContain("/reviews");
    // Wednesday: still due, so one more.
    expect(await run("2026-01-07T16:00:00.000Z")).toBe(1);
    expect(await mails(rae.email!)).toHaveLength(2);
  });

  it("stay silent for a learner who switched them off, and follow a timezone change", async () => {
    const { p, q, run, mails } = await setup();
    const prefs = await preferencesOf(p, "nobody");
    const quiet = await learner(p, {
      timezone: "Europe/Berlin",
      notifications: { ...prefs.notifications, reviewReminders: { email: false, push: false } },
    });
    await ensureQuestionCard(p, quiet.id, q);
    const mover = await learner(p, { timezone: "Europe/Berlin" });
    await ensureQuestionCard(p, mover.id, q);
    // The mover is in Tokyo now: 08:00 there is 23:00 UTC the day before.
    await accountChanged(p, mover.id, { timezone: "Asia/Tokyo" });
    expect(nextReminderTime(new Date("2026-01-06T12:00:00Z"), "Asia/Tokyo").toISOString()).toBe(
      "2026-01-06T23:00:00.000Z",
    );
    // Tuesday 08:00 in Tokyo (Monday 23:00 UTC): nothing due yet; Wednesday 08:00 there: due, sent.
    expect(await run("2026-01-05T23:00:00.000Z")).toBe(0);
    expect(await run("2026-01-06T23:00:00.000Z")).toBe(1);
    expect(await mails(mover.email!)).toHaveLength(1);
    // 08:00 in Berlin (07:00 UTC): the quiet learner has reviews due but asked for none.
    expect(await run("2026-01-07T07:00:00.000Z")).toBe(0);
    expect(await mails(quiet.email!)).toEqual([]);
  });
});
