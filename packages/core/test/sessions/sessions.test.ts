// A pod's sessions from its activation on: scheduled once, reminded once, moved and cancelled, run on time.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { getPreferences, putPreferences } from "../../src/accounts/index.js";
import { commitWithEffects, deliverDueEffects, eventEffect } from "../../src/platform/index.js";
import { getPod } from "../../src/pods/index.js";
import {
  attendanceScore,
  cancelSession,
  endSession,
  getSession,
  joinSession,
  listPodSessions,
  rescheduleSession,
  sessionScheduleName,
  submitCheckIn,
} from "../../src/sessions/index.js";
import { failure, learner } from "../pods/helpers.js";
import { activePod, mailsTo, sessionsPlatform, settle } from "./helpers.js";

const HOUR = 3_600_000;

describe("sessions of an active pod", () => {
  it("are all scheduled when the pod becomes active, at its weekly slot in the home timezone, once", async () => {
    const { p } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    const [ada] = members as [Actor];
    expect(await listPodSessions(p, ada, podId)).toEqual([]); // nothing until the event is delivered
    await deliverDueEffects(p);
    const sessions = await listPodSessions(p, ada, podId);
    // net_prompting: 6 weeks, one session a week.
    expect(sessions).toHaveLength(6);
    const pod = await getPod(p, ada, podId);
    const wall = sessions.map((s) => DateTime.fromISO(s.startsAt, { zone: "Europe/London" }));
    for (const w of wall) {
      expect(w.weekday).toBe(pod.slot.anchorWeekday);
      expect(w.toFormat("HH:mm")).toBe(pod.slot.anchorTime);
    }
    // Across the UK's change on 29 March the UTC time moves an hour; the London wall time does not.
    expect(new Set(sessions.map((s) => s.startsAt.slice(11, 16))).size).toBe(2);
    expect(sessions[0]!.startsAt > pod.activatedAt!).toBe(true);
    expect(sessions.every((s) => s.status === "scheduled" && s.sequence === 0)).toBe(true);

    // The event delivered again (a retry) adds nothing.
    await commitWithEffects(p, [], [eventEffect("pod.activated", { podId })]);
    await deliverDueEffects(p);
    expect(await listPodSessions(p, ada, podId)).toHaveLength(6);
    // Each session keeps its reminders and start/end schedules.
    const names = (await p.local!.scheduler.list()).map((s) => s.name);
    for (const kind of ["24h", "1h", "start", "end", "nudge"] as const) {
      expect(names).toContain(sessionScheduleName(sessions[0]!.id, kind));
    }
  });

  it("shows a member their own local time and a room with an unguessable name", async () => {
    const { p } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada] = members as [Actor];
    const prefs = await getPreferences(p, ada, ada.userId);
    const { updatedAt: _unsent, ...input } = prefs;
    await putPreferences(p, ada, ada.userId, { ...input, timezone: "America/New_York" });
    const [first] = await listPodSessions(p, ada, podId);
    expect(first!.local.timezone).toBe("America/New_York");
    expect(first!.local.start).toBe(
      DateTime.fromISO(first!.startsAt, { zone: "America/New_York" }).toFormat("yyyy-LL-dd'T'HH:mm"),
    );
    const details = await getSession(p, ada, first!.id);
    expect(details.videoUrl).toMatch(/^https:\/\/meet\.jit\.si\/pactly-[0-9a-f]{32}$/);
    const other = await getSession(p, ada, (await listPodSessions(p, ada, podId))[1]!.id);
    expect(other.videoUrl).not.toBe(details.videoUrl);
    expect(details.participants.map((x) => x.displayName).sort()).toEqual(["Ada", "Bob", "Cy"]);
  });

  it("is hidden from someone outside the pod: no reading, joining or listing", async () => {
    const { p } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [first] = await listPodSessions(p, members[0]!, podId);
    const eve = await learner(p, "Eve");
    expect((await failure(getSession(p, eve, first!.id))).code).toBe("session.not_found");
    expect((await failure(joinSession(p, eve, first!.id))).code).toBe("session.not_found");
    expect((await failure(listPodSessions(p, eve, podId))).code).toBe("pod.not_found");
    expect((await failure(getSession(p, eve, "nonsense"))).status).toBe(404);
  });
});

describe("reminders", () => {
  it("go out 24 h and 1 h before, once per member even when a schedule fires twice", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada, bob] = members as [Actor, Actor];
    const [first] = await listPodSessions(p, ada, podId);
    const start = Date.parse(first!.startsAt);

    clock.set(new Date(start - 25 * HOUR));
    await settle(p);
    expect((await mailsTo(p, ada)).filter((m) => m.template?.startsWith("session_reminder"))).toHaveLength(0);

    clock.set(new Date(start - 24 * HOUR + 1000));
    await settle(p);
    const day = (await mailsTo(p, ada)).filter((m) => m.template === "session_reminder_24h");
    expect(day).toHaveLength(1);
    expect(day[0]!.text).toContain("(Europe/London)");
    expect(day[0]!.text).toContain(`/sessions/${first!.id}`);

    // The same reminder delivered again (a retried invocation): nothing more.
    const { sendReminder } = await import("../../src/sessions/index.js");
    expect(await sendReminder(p, { sessionId: first!.id, kind: "24h", startsAt: first!.startsAt })).toBe(0);
    await deliverDueEffects(p);
    expect((await mailsTo(p, ada)).filter((m) => m.template === "session_reminder_24h")).toHaveLength(1);

    clock.set(new Date(start - HOUR));
    await settle(p);
    expect((await mailsTo(p, bob)).filter((m) => m.template === "session_reminder_1h")).toHaveLength(1);
  });

  it("are not sent for a cancelled session, whose schedules are gone, and members hear why", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada, bob] = members as [Actor, Actor];
    const [first] = await listPodSessions(p, ada, podId);
    const cancelled = await cancelSession(p, bob, first!.id, { reason: "Half the pod is at a conference" });
    expect(cancelled).toMatchObject({
      status: "cancelled",
      sequence: 1,
      cancelledReason: "Half the pod is at a conference",
    });
    await deliverDueEffects(p);
    const names = (await p.local!.scheduler.list()).map((s) => s.name);
    expect(names).not.toContain(sessionScheduleName(first!.id, "24h"));
    expect(names).not.toContain(sessionScheduleName(first!.id, "1h"));
    const told = (await mailsTo(p, ada)).filter((m) => m.template === "session_cancelled");
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("Half the pod is at a conference");

    // Even a reminder already on its way when the session was cancelled sends nothing.
    const { sendReminder } = await import("../../src/sessions/index.js");
    expect(await sendReminder(p, { sessionId: first!.id, kind: "1h", startsAt: first!.startsAt })).toBe(0);
    clock.set(new Date(Date.parse(first!.startsAt) + 2 * HOUR));
    await settle(p);
    const mails = await mailsTo(p, ada);
    expect(mails.filter((m) => m.template?.startsWith("session_reminder") || m.template === "checkin_nudge")).toEqual(
      [],
    );
    expect((await failure(cancelSession(p, ada, first!.id, { reason: "again" }))).code).toBe("session.not_scheduled");
  });

  it("held back by quiet hours, are dropped if the session is cancelled meanwhile; the cancellation still goes", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada, bob] = members as [Actor, Actor];
    const prefs = await getPreferences(p, ada, ada.userId);
    const { updatedAt: _u, ...input } = prefs;
    // Ada keeps her evenings quiet until 23:00 London time; the 24 h reminder falls inside them.
    await putPreferences(p, ada, ada.userId, { ...input, quietHours: { start: "12:00", end: "23:00" } });
    const [first] = await listPodSessions(p, ada, podId);
    const start = Date.parse(first!.startsAt);
    clock.set(new Date(start - 24 * HOUR + 1000));
    await settle(p);
    expect((await mailsTo(p, bob)).filter((m) => m.template === "session_reminder_24h")).toHaveLength(1);
    expect((await mailsTo(p, ada)).filter((m) => m.template === "session_reminder_24h")).toHaveLength(0);

    // While Ada's reminder waits, Bob cancels the session.
    clock.set(new Date(start - 23 * HOUR));
    await cancelSession(p, bob, first!.id, { reason: "Snowed in" });
    await settle(p);
    const endOfQuiet = DateTime.fromMillis(start - 24 * HOUR, { zone: "Europe/London" }).set({ hour: 23, minute: 1 });
    clock.set(endOfQuiet.toJSDate());
    await settle(p);
    const adas = await mailsTo(p, ada);
    expect(adas.filter((m) => m.template === "session_reminder_24h")).toHaveLength(0);
    expect(adas.filter((m) => m.template === "session_cancelled")).toHaveLength(1);
  });

  it("move with a rescheduled session: the old time sends nothing, the new one does", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada] = members as [Actor];
    const [first] = await listPodSessions(p, ada, podId);
    const oldStart = Date.parse(first!.startsAt);
    const oldLondon = DateTime.fromMillis(oldStart, { zone: "Europe/London" });
    // Everyone is free Tuesday and Thursday evenings in London: move it to 20:00 the same day.
    const target = oldLondon.set({ hour: 20, minute: 0 });
    const bad = await failure(
      rescheduleSession(p, ada, first!.id, {
        startsAt: oldLondon.set({ hour: 10 }).toUTC().toISO()!,
        reason: "Earlier?",
      }),
    );
    expect(bad.code).toBe("session.time_unavailable");
    const moved = await rescheduleSession(p, ada, first!.id, { startsAt: target.toUTC().toISO()!, reason: "Traffic" });
    expect(moved.startsAt).toBe(target.toUTC().toISO());
    expect(moved.sequence).toBe(1);

    clock.set(new Date(oldStart - HOUR + 1000));
    await settle(p);
    expect((await mailsTo(p, ada)).filter((m) => m.template === "session_reminder_1h")).toHaveLength(0);
    clock.set(new Date(target.toMillis() - HOUR + 1000));
    await settle(p);
    expect((await mailsTo(p, ada)).filter((m) => m.template === "session_reminder_1h")).toHaveLength(1);
    expect((await mailsTo(p, ada)).filter((m) => m.template === "session_rescheduled")).toHaveLength(1);
  });
});

describe("lifecycle and attendance", () => {
  it("runs on time by its schedules: active at the start, completed at the end with each member's attendance", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada, bob, cy] = members as [Actor, Actor, Actor];
    const [first] = await listPodSessions(p, ada, podId);
    const start = Date.parse(first!.startsAt);
    const tooEarly = await failure(joinSession(p, ada, first!.id));
    expect(tooEarly.code).toBe("session.not_open");

    clock.set(new Date(start - 10 * 60_000));
    expect(await joinSession(p, ada, first!.id)).toMatch(/^https:\/\/meet\.jit\.si\/pactly-/);
    clock.set(new Date(start + 1000));
    await settle(p);
    expect((await getSession(p, ada, first!.id)).status).toBe("active");
    clock.set(new Date(start + 20 * 60_000));
    await joinSession(p, bob, first!.id);
    clock.set(new Date(Date.parse(first!.endsAt) + 1000));
    await settle(p);
    const done = await getSession(p, cy, first!.id);
    expect(done.status).toBe("completed");
    const att = Object.fromEntries(done.participants.map((x) => [x.displayName, x.attendance]));
    expect(att).toEqual({ Ada: "on_time", Bob: "late", Cy: "absent" });
    expect(await attendanceScore(p, ada.userId)).toMatchObject({ sessions: 1, attended: 1, score: 1 });
    expect(await attendanceScore(p, cy.userId)).toMatchObject({ sessions: 1, attended: 0, score: 0 });
    expect((await failure(joinSession(p, cy, first!.id))).code).toBe("session.over");
    // Cy was there without the room link (a phone call): their check-in counts toward their attendance.
    await submitCheckIn(p, cy, first!.id, { attended: true, rpe: 6, win: "Joined by phone" });
    expect(await attendanceScore(p, cy.userId)).toMatchObject({ sessions: 1, attended: 1, score: 1 });
    // Someone outside the pod cannot check in, so cannot count toward anything.
    const eve = await learner(p, "Eve");
    expect((await failure(submitCheckIn(p, eve, first!.id, { attended: true, rpe: 6 }))).code).toBe(
      "session.not_found",
    );
    expect(await attendanceScore(p, eve.userId)).toMatchObject({ sessions: 0, attended: 0 });
    // The nudge to check in goes out an hour later…
    clock.set(new Date(Date.parse(first!.endsAt) + HOUR + 1000));
    await settle(p);
    // … to those who have not checked in yet.
    expect((await mailsTo(p, bob)).filter((m) => m.template === "checkin_nudge")).toHaveLength(1);
    expect((await mailsTo(p, cy)).filter((m) => m.template === "checkin_nudge")).toHaveLength(0);
  });

  it("can be ended by a member, which records attendance then", async () => {
    const { p, clock } = await sessionsPlatform();
    const { podId, members } = await activePod(p);
    await deliverDueEffects(p);
    const [ada] = members as [Actor];
    const [first] = await listPodSessions(p, ada, podId);
    clock.set(new Date(Date.parse(first!.startsAt) + 60_000));
    await joinSession(p, ada, first!.id);
    await settle(p);
    const ended = await endSession(p, ada, first!.id);
    expect(ended.session.status).toBe("completed");
    expect(ended.attendance.find((a) => a.userId === ada.userId)!.attendance).toBe("on_time");
    expect(ended.attendance.filter((a) => a.attendance === "absent")).toHaveLength(2);
  });
});
