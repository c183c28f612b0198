// Reminders 24 h and 1 h before a session and the check-in nudge after it: at most once per member and reminder.
import { getUser, ownerIndex, wantsEmail } from "../accounts/index.js";
import { commitWithEffects, type Item, isWriteConflict, mailEffect, type Platform } from "../platform/index.js";
import { podRoster } from "../pods/index.js";
import { checkinNudge, reminder1h, reminder24h } from "./messages.js";
import type { ReminderKind } from "./model.js";
import {
  type CheckInItem,
  parseSessionId,
  ReminderMark,
  type ReminderMarkItem,
  type SessionItem,
  SessionRecord,
} from "./records.js";
import { localText } from "./schedule.js";
import { sessionPageUrl } from "./sessions.js";

const MESSAGES = { "24h": reminder24h, "1h": reminder1h, checkin: checkinNudge } as const;

/**
 * Sends one reminder of a session to each member who wants session reminders. The session is read again first: a
 * cancelled one, or one moved away from the time the schedule was set for, gets nothing (its new time has its own
 * schedule). Each email is written with a conditional mark for (session, time, reminder, member), so delivering
 * the schedule twice sends nothing twice. The nudge goes only to members who have not checked in.
 */
export async function sendReminder(
  p: Platform,
  payload: { sessionId: string; kind: ReminderKind; startsAt: string },
): Promise<number> {
  const ref = parseSessionId(payload.sessionId);
  if (!ref || !(payload.kind in MESSAGES)) return 0;
  const items = await p.store.queryAll<Item>(
    SessionRecord.query("withDetails", { podId: ref.podId, number: ref.number }),
  );
  const session = items.find((i) => i.type === "Session") as SessionItem | undefined;
  if (!session || session.status === "cancelled" || session.startsAt !== payload.startsAt) return 0;
  if (payload.kind !== "checkin" && session.status !== "scheduled") return 0;
  const checkedIn = new Set((items.filter((i) => i.type === "CheckIn") as CheckInItem[]).map((c) => c.userId));
  const roster = await podRoster(p, session.podId);
  let sent = 0;
  for (const m of roster?.members ?? []) {
    if (m.erased || (payload.kind === "checkin" && checkedIn.has(m.userId))) continue;
    if (!(await wantsEmail(p, m.userId, "sessionReminders"))) continue;
    const user = await getUser(p, m.userId);
    if (!user?.email) continue;
    const when = `${localText(new Date(session.startsAt), session.durationMinutes, m.timezone)} (${m.timezone})`;
    const msg = MESSAGES[payload.kind]({ name: m.displayName, when, link: sessionPageUrl(p, session.id) });
    const mark: ReminderMarkItem = {
      ...ReminderMark.key("one", {
        podId: ref.podId,
        number: ref.number,
        kind: payload.kind,
        startsAt: session.startsAt,
        userId: m.userId,
      }),
      ...ownerIndex(m.userId, `SESSION#${session.id}#SENT#${payload.kind}#${session.startsAt}`),
      type: "ReminderSent",
      sessionId: session.id,
      userId: m.userId,
      kind: payload.kind,
      startsAt: session.startsAt,
      sentAt: p.clock.now().toISOString(),
    };
    try {
      await commitWithEffects(
        p,
        [{ put: mark, condition: { absent: true } }],
        [mailEffect({ to: user.email, subject: msg.subject, text: msg.text, template: msg.type })],
      );
      sent++;
    } catch (e) {
      if (!isWriteConflict(e)) throw e; // already sent to this member
    }
  }
  return sent;
}
