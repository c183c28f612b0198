// What sessions tell members by email, one function per message, each `{ type, subject, text }` (templates later).
export interface SessionMessage {
  type: "session_reminder_24h" | "session_reminder_1h" | "checkin_nudge" | "session_rescheduled" | "session_cancelled";
  subject: string;
  text: string;
}

export interface MessageContext {
  name: string;
  /** The session's time in the member's timezone, e.g. "Tuesday 3 March, 18:00–19:00 (Europe/London)". */
  when: string;
  /** The session page in the web app. */
  link: string;
}

const hello = (name: string) => `Hi ${name.trim() || "there"},`;

export const reminder24h = (c: MessageContext): SessionMessage => ({
  type: "session_reminder_24h",
  subject: `Your pod meets tomorrow: ${c.when}`,
  text: [hello(c.name), "", `Your pod meets ${c.when}.`, "", `Join from here: ${c.link}`].join("\n"),
});

export const reminder1h = (c: MessageContext): SessionMessage => ({
  type: "session_reminder_1h",
  subject: "Your pod meets in an hour",
  text: [hello(c.name), "", `Your pod meets ${c.when}, in an hour.`, "", `Join from here: ${c.link}`].join("\n"),
});

export const checkinNudge = (c: MessageContext): SessionMessage => ({
  type: "checkin_nudge",
  subject: "How did it go? Check in with your pod",
  text: [
    hello(c.name),
    "",
    `Your pod met ${c.when}. Tell them how it went: attended, effort, a win and a tweak.`,
    "",
    `Check in: ${c.link}`,
  ].join("\n"),
});

export const sessionRescheduled = (
  c: MessageContext & { from: string; by: string; reason: string },
): SessionMessage => ({
  type: "session_rescheduled",
  subject: `Session moved to ${c.when}`,
  text: [
    hello(c.name),
    "",
    `${c.by} moved your pod's session from ${c.from} to ${c.when}.`,
    `Why: ${c.reason}`,
    "",
    `See it: ${c.link}`,
  ].join("\n"),
});

export const sessionCancelled = (c: MessageContext & { by: string; reason: string }): SessionMessage => ({
  type: "session_cancelled",
  subject: `Session cancelled: ${c.when}`,
  text: [
    hello(c.name),
    "",
    `${c.by} cancelled your pod's session of ${c.when}.`,
    `Why: ${c.reason}`,
    "",
    `Your pod: ${c.link}`,
  ].join("\n"),
});
