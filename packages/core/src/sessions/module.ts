// The sessions domain's module: the lifecycle sweep and exact schedules, reminders, and the pod events it acts on.
import { defineDomain } from "../domain/index.js";
import type { ReminderKind } from "./model.js";

const impl = () => import("./index.js");

export const sessionsDomain = defineDomain({
  name: "sessions",
  jobs: {
    /** One session (its exact start or end schedule), or every session due (the recurring sweep). */
    "sessions.advance": async (p, payload) => {
      const s = await impl();
      if (typeof payload.sessionId === "string") await s.advanceSession(p, payload.sessionId);
      else await s.advanceDueSessions(p);
    },
    /** A reminder (24 h, 1 h) or the check-in nudge of one session. */
    "sessions.remind": async (p, payload) => {
      await (await impl()).sendReminder(p, {
        sessionId: String(payload.sessionId),
        kind: String(payload.kind) as ReminderKind,
        startsAt: String(payload.startsAt),
      });
    },
  },
  schedules: [
    {
      name: "sessions-advance",
      expression: "rate(5 minutes)",
      timezone: "UTC",
      job: "sessions.advance",
      payload: {},
    },
  ],
  events: {
    "pod.activated": async (p, payload) => {
      await (await impl()).scheduleSprint(p, String(payload.podId));
    },
    "pod.closed": async (p, payload) => {
      await (await impl()).cancelRemaining(p, String(payload.podId), "The pod ended.");
    },
  },
});
