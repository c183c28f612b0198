// Reminders 24 h and 1 h before a session and the check-in nudge after it: at most once per member and reminder.
import { ownerIndex } from "../accounts/index.js";
import { getSprintType } from "../catalog/index.js";
import { notificationEffects } from "../notifications/index.js";
import { commitWithEffects, type Item, isWriteConflict, type Platform } from "../platform/index.js";
import { podRoster } from "../pods/index.js";
import type { ReminderKind } from "./model.js";
import {
  type CheckInItem,
  parseSessionId,
  ReminderMark,
  type ReminderMarkItem,
  type SessionItem,
  SessionRecord,
} from "./records.js";

/** Each reminder's notification kind: its template, its setting and its quiet-hours rule are the notifications'. */
const KINDS = {
  "24h": "session_reminder_24h",
  "1h": "session_reminder_1h",
  checkin: "checkin_nudge",
} as const;

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
  if (!ref || !(payload.kind in KINDS)) return 0;
  const items = await p.store.queryAll<Item>(
    SessionRecord.query("withDetails", { podId: ref.podId, number: ref.number }),
  );
  const session = items.find((i) => i.type === "Session") as SessionItem | undefined;
  if (!session || session.status === "cancelled" || session.startsAt !== payload.startsAt) return 0;
  if (payload.kind !== "checkin" && session.status !== "scheduled") return 0;
  const checkedIn = new Set((items.filter((i) => i.type === "CheckIn") as CheckInItem[]).map((c) => c.userId));
  const roster = await podRoster(p, session.podId);
  const sprintName = roster
    ? await getSprintType(p, roster.pod.sprintType).then(
        (t) => t.name,
        () => roster.pod.sprintType,
      )
    : "";
  let sent = 0;
  for (const m of roster?.members ?? []) {
    if (m.erased || (payload.kind === "checkin" && checkedIn.has(m.userId))) continue;
    const effects = await notificationEffects(p, {
      userId: m.userId,
      type: KINDS[payload.kind],
      data: { sessionId: session.id, sprintName, startsAt: session.startsAt, durationMinutes: session.durationMinutes },
      timezoneHint: m.timezone,
      // Held back by quiet hours, it still goes only if the session was not moved or cancelled meanwhile.
      onlyIf: {
        key: { pk: session.pk, sk: session.sk },
        equals: { sequence: session.sequence, status: session.status },
      },
    });
    // Switched off (or no address): nothing to send, and nothing to mark.
    if (effects.length === 0) continue;
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
      await commitWithEffects(p, [{ put: mark, condition: { absent: true } }], effects);
      sent++;
    } catch (e) {
      if (!isWriteConflict(e)) throw e; // already sent to this member
    }
  }
  return sent;
}
