// Notifying a learner through the outbox: settings per type and channel, quiet hours, signed unsubscribe links and
// their headers in the sent mail, the weekly summary, and web push to a stand-in push service on 127.0.0.1.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { createUser, preferencesOf, putPreferences } from "../../src/accounts/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { createGoal } from "../../src/goals/index.js";
import { goalsDomain } from "../../src/goals/module.js";
import {
  backfillWeeklySummaries,
  notificationEffects,
  putPushSubscription,
  readUnsubscribeToken,
  sendDueWeeklySummaries,
  subscriptionsOf,
  unsubscribe,
  unsubscribeToken,
  vapidKeys,
} from "../../src/notifications/index.js";
import { weeklySummaryKey } from "../../src/notifications/keys.js";
import { notificationsDomain } from "../../src/notifications/module.js";
import {
  commitWithEffects,
  deliverDueEffects,
  type Item,
  ManualClock,
  type Platform,
} from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";
import { PushServiceStandIn } from "../helpers/push-service.js";

/** Monday 2 March 2026, 09:00 UTC. */
const START = "2026-03-02T09:00:00.000Z";
const session = { sessionId: "s-1", sprintName: "Prompting", startsAt: "2026-03-03T18:00:00.000Z" };

let n = 0;
async function learner(p: Platform, name: string, prefs: Record<string, unknown> = {}) {
  const user = await createUser(p, {
    email: `${name.toLowerCase()}.${++n}@example.com`,
    name,
    emailVerified: true,
    signInMethod: "password",
  });
  const actor: Actor = { userId: user.id, role: "learner" };
  const current = await preferencesOf(p, user.id);
  const { updatedAt: _u, ...input } = current;
  await putPreferences(p, actor, user.id, { ...input, ...prefs } as typeof input);
  return { ...user, actor };
}

async function setup() {
  const clock = new ManualClock(START);
  const { platform: p } = await testPlatform({ clock, domains: [notificationsDomain, goalsDomain] });
  return { p, clock };
}

const mailTo = async (p: Platform, to: string) => (await p.local!.outbox.list({ to })).items;
async function send(p: Platform, request: Parameters<typeof notificationEffects>[1]) {
  await commitWithEffects(p, [], await notificationEffects(p, request));
  await deliverDueEffects(p);
}

describe("notifications", () => {
  const push = new PushServiceStandIn();
  beforeAll(() => push.start());
  afterAll(() => push.stop());

  it("sends a reminder with HTML and text parts and a signed one-click unsubscribe link in the headers", async () => {
    const { p } = await setup();
    const ada = await learner(p, "Ada", { timezone: "Asia/Tokyo" });
    await send(p, { userId: ada.id, type: "session_reminder_24h", data: session });

    const [mail] = await mailTo(p, ada.email);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe("Tomorrow: your Prompting session at 03:00");
    expect(mail!.text).toContain("Wednesday 4 March, 03:00 (Asia/Tokyo)");
    expect(mail!.html).toContain("Wednesday 4 March, 03:00 (Asia/Tokyo)");
    expect(mail!.template).toBe("session_reminder_24h");
    const header = mail!.headers!["List-Unsubscribe"]!;
    expect(header).toMatch(/^<http:\/\/localhost:3000\/v1\/unsubscribe\/[^>]+>$/);
    expect(mail!.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const token = header.slice(1, -1).split("/").at(-1)!;
    expect(await readUnsubscribeToken(p, token)).toMatchObject({ userId: ada.id, category: "sessionReminders" });
    expect(mail!.text).toContain(header.slice(1, -1));
  });

  it("honours each type's switch: reminders off stops reminders, and nothing else", async () => {
    const { p } = await setup();
    const off = {
      sessionReminders: { email: false, push: true },
      reviewReminders: { email: true },
      podUpdates: { email: true },
      marketing: { email: false },
    };
    const bea = await learner(p, "Bea", { notifications: off });
    expect(await notificationEffects(p, { userId: bea.id, type: "session_reminder_1h", data: session })).toEqual([]);
    await send(p, { userId: bea.id, type: "checkin_nudge", data: session });
    await send(p, { userId: bea.id, type: "session_cancelled", data: { ...session, reason: "Holiday" } });
    expect((await mailTo(p, bea.email)).map((m) => m.template).sort()).toEqual(["checkin_nudge", "session_cancelled"]);
  });

  it("sends invitations whatever the settings, with no unsubscribe link", async () => {
    const { p } = await setup();
    const cy = await learner(p, "Cy", {
      notifications: {
        sessionReminders: { email: false },
        reviewReminders: { email: false },
        podUpdates: { email: false },
        marketing: { email: false },
      },
    });
    const notice = { podId: "pod-1", sprintName: "Prompting", slots: [], others: 3 };
    await send(p, { userId: cy.id, type: "pod_invited", data: { ...notice, invitedUntil: "2026-03-04T09:00:00Z" } });
    await send(p, { userId: cy.id, type: "pod_active", data: notice });
    const mails = await mailTo(p, cy.email);
    expect(mails.map((m) => m.template)).toEqual(["pod_invited"]);
    expect(mails[0]!.headers).toBeUndefined();
  });

  it("holds a message in the learner's quiet hours until they end, in their timezone", async () => {
    const { p, clock } = await setup();
    // 09:00 UTC is 04:00 in New York: inside 22:00–07:00 there, which ends at 12:00 UTC.
    const dee = await learner(p, "Dee", { timezone: "America/New_York", quietHours: { start: "22:00", end: "07:00" } });
    await send(p, { userId: dee.id, type: "checkin_nudge", data: session });
    expect(await mailTo(p, dee.email)).toHaveLength(0);
    clock.set("2026-03-02T11:59:00Z");
    expect(await deliverDueEffects(p)).toBe(0);
    clock.set("2026-03-02T12:00:00Z");
    expect(await deliverDueEffects(p)).toBe(1);
    expect(await mailTo(p, dee.email)).toHaveLength(1);
  });

  it("sends a reminder at once when holding it for quiet hours would pass the session's start", async () => {
    const { p } = await setup();
    // 04:00 in New York, quiet until 07:00 (12:00 UTC); the session starts at 11:00 UTC (06:00 there).
    const eve = await learner(p, "Eve", { timezone: "America/New_York", quietHours: { start: "22:00", end: "07:00" } });
    const early = { ...session, startsAt: "2026-03-02T11:00:00.000Z" };
    await send(p, { userId: eve.id, type: "session_reminder_1h", data: early });
    expect(await mailTo(p, eve.email)).toHaveLength(1);
    // A nudge has no such deadline: it waits.
    await send(p, { userId: eve.id, type: "checkin_nudge", data: early });
    expect(await mailTo(p, eve.email)).toHaveLength(1);
  });

  it("waits for a requested not-before time, and quiet hours on top of it", async () => {
    const { p, clock } = await setup();
    const fay = await learner(p, "Fay", { timezone: "Europe/London", quietHours: { start: "21:00", end: "08:00" } });
    // Asked for 22:00 London: quiet, so 08:00 the next morning.
    await send(p, { userId: fay.id, type: "checkin_nudge", data: session, notBefore: "2026-03-02T22:00:00Z" });
    clock.set("2026-03-03T07:59:00Z");
    await deliverDueEffects(p);
    expect(await mailTo(p, fay.email)).toHaveLength(0);
    clock.set("2026-03-03T08:00:00Z");
    await deliverDueEffects(p);
    expect(await mailTo(p, fay.email)).toHaveLength(1);
  });

  it("signs unsubscribe links: a changed token is refused, and the one-click turns that type off only", async () => {
    const { p } = await setup();
    const gus = await learner(p, "Gus");
    const token = await unsubscribeToken(p, gus.id, "weeklySummary");
    const [userId, category, sig] = token.split(".") as [string, string, string];
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    for (const bad of [
      `${userId}.${category}.${flipped}`,
      `${userId}.sessionReminders.${sig}`,
      `01ANOTHERUSER.${category}.${sig}`,
      `${userId}.${category}`,
      "nonsense",
    ]) {
      await expect(readUnsubscribeToken(p, bad)).rejects.toMatchObject({
        status: 400,
        code: "notifications.invalid_unsubscribe_link",
      });
    }
    // Signed with another secret (another deployment): refused too.
    const { platform: other } = await testPlatform({ config: { unsubscribeSecret: "x".repeat(40) } });
    await expect(readUnsubscribeToken(other, token)).rejects.toMatchObject({ status: 400 });

    await unsubscribe(p, token);
    await unsubscribe(p, token); // a second click changes nothing more
    const prefs = await preferencesOf(p, gus.id);
    expect(prefs.notifications.weeklySummary.email).toBe(false);
    expect(prefs.notifications.sessionReminders.email).toBe(true);
  });

  it("gives accounts from before the weekly summary their Monday summary, once, and none to those without preferences", async () => {
    const { p, clock } = await setup();
    const old = await learner(p, "Olga", { timezone: "Asia/Kolkata" });
    // As before the summary existed: no schedule kept for her.
    await p.store.delete(weeklySummaryKey(old.id));
    const unsaved = await createUser(p, {
      email: "never.saved@example.com",
      name: "Nat",
      emailVerified: true,
      signInMethod: "password",
    });
    expect(await backfillWeeklySummaries(p)).toBe(1);
    const item = await p.store.get<Item & { dueAt: string; timezone: string }>(weeklySummaryKey(old.id));
    // Monday 9 March 08:00 in Kolkata is 02:30 UTC.
    expect(item).toMatchObject({ timezone: "Asia/Kolkata", dueAt: "2026-03-09T02:30:00.000Z" });
    expect(await p.store.get(weeklySummaryKey(unsaved.id))).toBeUndefined();
    // Run again (a second deploy, every local start): nothing changes.
    expect(await backfillWeeklySummaries(p)).toBe(0);
    clock.set(new Date("2026-03-09T02:31:00.000Z"));
    await sendDueWeeklySummaries(p);
    await deliverDueEffects(p);
    expect((await mailTo(p, old.email!)).filter((m) => m.template === "weekly_summary")).toHaveLength(1);
  });

  it("sends the weekly summary at 08:00 on Monday in each learner's timezone, once, with what domains add", async () => {
    const clock = new ManualClock("2026-03-01T12:00:00Z"); // a Sunday
    const { platform: p } = await testPlatform({ clock, domains: [notificationsDomain, goalsDomain] });
    const tokyo = await learner(p, "Hana", { timezone: "Asia/Tokyo" });
    const london = await learner(p, "Ian", { timezone: "Europe/London" });
    await seedCatalog(p);
    await createGoal(p, london.actor, {
      sprintType: "gym_3x_week",
      title: "Lift <b>three</b> times a week",
      schedule: {
        timezone: "Europe/London",
        frequency: { sessionsPerWeek: 3 },
        defaultSlots: [
          { weekday: 1, time: "07:00", durationMinutes: 45 },
          { weekday: 3, time: "07:00", durationMinutes: 45 },
          { weekday: 5, time: "07:00", durationMinutes: 45 },
        ],
      },
      proofMethod: "workout_log",
      startDate: "2026-03-02",
    });

    // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    clock.set("2026-03-01T22:59:00Z");
    expect(await sendDueWeeklySummaries(p)).toBe(0);
    clock.set("2026-03-01T23:00:00Z");
    expect(await sendDueWeeklySummaries(p)).toBe(1);
    expect(await sendDueWeeklySummaries(p)).toBe(0); // the job run twice sends nothing more
    await deliverDueEffects(p);
    expect((await mailTo(p, tokyo.email)).map((m) => m.subject)).toEqual(["Your week on Pactly"]);
    expect(await mailTo(p, london.email)).toHaveLength(0);

    // London's Monday 08:00 is 08:00 UTC in winter.
    clock.set("2026-03-02T08:00:00Z");
    expect(await sendDueWeeklySummaries(p)).toBe(1);
    await deliverDueEffects(p);
    const [ian] = await mailTo(p, london.email);
    expect(ian!.headers!["List-Unsubscribe"]).toContain("/v1/unsubscribe/");
    // The goals domain's section, its title escaped in the HTML part.
    expect(ian!.text).toContain("Your goals:\n\n• Lift <b>three</b> times a week (gym_3x_week)");
    expect(ian!.html).toContain("Lift &lt;b&gt;three&lt;/b&gt; times a week");

    // A week on, in summer time for neither yet: Tokyo again at Sunday 23:00 UTC.
    clock.set("2026-03-08T23:00:00Z");
    expect(await sendDueWeeklySummaries(p)).toBe(1);
    // London after the clocks went forward (29 March): 08:00 BST is 07:00 UTC.
    clock.set("2026-03-30T06:59:00Z");
    await sendDueWeeklySummaries(p);
    const before = (await mailTo(p, london.email)).length;
    clock.set("2026-03-30T07:00:00Z");
    expect(await sendDueWeeklySummaries(p)).toBeGreaterThanOrEqual(1);
    await deliverDueEffects(p);
    expect((await mailTo(p, london.email)).length).toBe(before + 1);
  });

  it("pushes an encrypted message with TTL, urgency and a VAPID signature to each opted-in device", async () => {
    const { p } = await setup();
    const jo = await learner(p, "Jo");
    const phone = push.device(`phone-${n}`);
    await putPushSubscription(p, jo.actor, jo.id, { endpoint: phone.endpoint, keys: phone.keys });
    const sentBefore = push.requests.length;
    await send(p, {
      userId: jo.id,
      type: "session_reminder_1h",
      data: { ...session, startsAt: "2026-03-02T10:00:00Z" },
    });

    const requests = push.requests.slice(sentBefore);
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.path).toBe(new URL(phone.endpoint).pathname);
    expect(req.headers["content-encoding"]).toBe("aes128gcm");
    expect(req.headers["content-type"]).toBe("application/octet-stream");
    // Until the session starts, an hour from now.
    expect(Number(req.headers.ttl)).toBe(3600);
    expect(req.headers.urgency).toBe("high");
    const vapid = (await vapidKeys(p))!;
    expect(req.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`),
    );
    // Only the device can read it.
    expect(req.body.toString("utf8")).not.toContain("Prompting");
    const message = JSON.parse(phone.decrypt(req.body));
    expect(message).toEqual({
      title: "In an hour: your Prompting session at 10:00",
      body: "In an hour, at 10:00: your Prompting session.",
      url: "http://localhost:3000/sessions/s-1",
      tag: "session_reminder_1h:s-1",
    });
  });

  it("forgets a device the push service says is gone (410), and sends nothing more to it", async () => {
    const { p } = await setup();
    const kim = await learner(p, "Kim");
    const laptop = push.device(`laptop-${n}`);
    await putPushSubscription(p, kim.actor, kim.id, { endpoint: laptop.endpoint, keys: laptop.keys });
    push.status = 410;
    try {
      await send(p, { userId: kim.id, type: "checkin_nudge", data: session });
    } finally {
      push.status = 201;
    }
    expect(await subscriptionsOf(p, kim.id)).toHaveLength(0);
    const count = push.requests.length;
    await send(p, { userId: kim.id, type: "checkin_nudge", data: session });
    expect(push.requests.length).toBe(count);
  });

  it("refuses a push endpoint that is not a push service's HTTPS address", async () => {
    const { platform: p } = await testPlatform({ config: { runtime: "local" } });
    const lee = await learner(p, "Lee");
    const keys = push.device("x").keys;
    for (const endpoint of [
      "http://169.254.169.254/latest/meta-data",
      "https://10.0.0.8/push",
      "ftp://push.example/x",
    ]) {
      await expect(putPushSubscription(p, lee.actor, lee.id, { endpoint, keys })).rejects.toMatchObject({
        status: 400,
        code: "push.invalid_endpoint",
      });
    }
    await expect(
      putPushSubscription(p, lee.actor, lee.id, { endpoint: "https://fcm.googleapis.com/x", keys }),
    ).resolves.toBeDefined();
  });
});
