// Every notification has a text and an HTML part saying the same, with times in the recipient's zone and names escaped.
import { describe, expect, it } from "vitest";
import type { CommonSlot } from "../matching/index.js";
import { NOTIFICATION_KINDS, type NotificationData } from "./model.js";
import { type RenderContext, renderEmail } from "./templates.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({
  name: "Ada",
  timezone: "Europe/London",
  now: NOW,
  webUrl: "https://app.pactly.test",
  unsubscribe: { url: "https://app.pactly.test/v1/unsubscribe/u1.sessionReminders.sig", label: "session reminders" },
  ...over,
});

/** Tuesdays 18:00 in London (UTC in winter) for an hour. */
const slot: CommonSlot = {
  utcMinuteOfWeek: 1 * 1440 + 18 * 60,
  durationMinutes: 60,
  anchorTimezone: "Europe/London",
  anchorWeekday: 2,
  anchorTime: "18:00",
  referenceWeek: "2026-03-02",
};
const session = { sessionId: "s1", sprintName: "Prompting", startsAt: "2026-03-03T18:00:00Z", durationMinutes: 60 };
const pod = { podId: "p1", sprintName: "Prompting", slots: [slot], others: 3 };

const SAMPLES: { [K in keyof NotificationData]: NotificationData[K] } = {
  pod_invited: { ...pod, invitedUntil: "2026-03-04T09:00:00Z" },
  pod_moved: pod,
  pod_active: { ...pod, endsAt: "2026-04-27T09:00:00Z" },
  pod_member_left: pod,
  pod_completed: pod,
  pod_disbanded: pod,
  session_reminder_24h: session,
  session_reminder_1h: session,
  checkin_nudge: session,
  session_rescheduled: { ...session, previousStartsAt: "2026-03-03T17:00:00Z", reason: "Bob is travelling" },
  session_cancelled: { ...session, reason: null },
  weekly_summary: { sections: [{ title: "Your pods", lines: ["Prompting: active"] }] },
  review_reminder: { due: 3 },
  coach_notes_ready: { ...session, actionItems: 2 },
  moderation_decision: { outcome: "suspend", note: "Insults in a check-in.", until: "2026-03-10T18:00:00Z" },
  appeal_decided: { outcome: "overturned", note: "The words were quoted, not aimed at anyone." },
};

describe("notification templates", () => {
  it.each(NOTIFICATION_KINDS)("%s has a subject, a text part and an HTML part with the same link", (kind) => {
    const email = renderEmail(kind, SAMPLES[kind] as never, ctx());
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.text).toMatch(/^Hi Ada,\n/);
    expect(email.html).toMatch(/^<!doctype html>/);
    const textLink = email.text.match(
      /https:\/\/app\.pactly\.test\/(pods|sessions)\/[^\s]+|https:\/\/app\.pactly\.test\/(reviews|account\/standing)?\n/,
    )?.[0];
    expect(textLink).toBeDefined();
    expect(email.html).toContain(`href="${textLink!.trim().replace(/&/g, "&amp;")}"`);
    // The unsubscribe link is in both parts.
    expect(email.text).toContain("/v1/unsubscribe/u1.sessionReminders.sig");
    expect(email.html).toContain('href="https://app.pactly.test/v1/unsubscribe/u1.sessionReminders.sig"');
  });

  it("shows a session's time in the recipient's timezone, whichever it is", () => {
    const london = renderEmail("session_reminder_1h", session, ctx());
    expect(london.subject).toBe("In an hour: your Prompting session at 18:00");
    expect(london.text).toContain("Tuesday 3 March, 18:00 (Europe/London)");
    const tokyo = renderEmail("session_reminder_1h", session, ctx({ timezone: "Asia/Tokyo" }));
    expect(tokyo.subject).toBe("In an hour: your Prompting session at 03:00");
    expect(tokyo.text).toContain("Wednesday 4 March, 03:00 (Asia/Tokyo)");
    expect(tokyo.html).toContain("Wednesday 4 March, 03:00 (Asia/Tokyo)");
    // Summer time: the same UTC hour is 19:00 in London.
    const summer = renderEmail("session_reminder_24h", { ...session, startsAt: "2026-06-02T18:00:00Z" }, ctx());
    expect(summer.text).toContain("Tuesday 2 June, 19:00 (Europe/London)");
  });

  it("shows a pod's weekly slot and invitation deadline in the recipient's timezone", () => {
    const ny = renderEmail("pod_invited", SAMPLES.pod_invited, ctx({ timezone: "America/New_York" }));
    expect(ny.text).toContain("Accept or decline by Wednesday 4 March, 04:00 (America/New_York)");
    expect(ny.text).toMatch(/meet Tuesdays 13:00–14:00 your time/);
  });

  it("escapes names, titles and reasons in the HTML part, and keeps them as written in the text part", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const email = renderEmail(
      "session_rescheduled",
      { ...SAMPLES.session_rescheduled, sprintName: `Gym ${evil}`, reason: `</p><script>alert('x')</script>` },
      ctx({ name: `Ada ${evil}` }),
    );
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<script");
    expect(email.html).toContain("Hi Ada &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,");
    expect(email.html).toContain("&lt;/p&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(email.text).toContain(`Hi Ada ${evil},`);
    expect(email.text).toContain("The reason given: </p><script>alert('x')</script>");
  });

  it("has no unsubscribe link where the kind cannot be switched off", () => {
    const { unsubscribe: _none, ...essential } = ctx();
    const email = renderEmail("pod_invited", SAMPLES.pod_invited, essential);
    expect(email.text).not.toContain("unsubscribe");
    expect(email.html).not.toContain("Unsubscribe");
    expect(email.text).toContain("Choose what we send you: https://app.pactly.test/notifications");
  });

  it("says what the weekly summary has, section by section, and something useful when it has nothing", () => {
    const full = renderEmail("weekly_summary", SAMPLES.weekly_summary, ctx());
    expect(full.text).toContain("Your pods:\n\n• Prompting: active");
    const empty = renderEmail("weekly_summary", { sections: [] }, ctx());
    expect(empty.text).toContain("Nothing is planned yet.");
  });
});
