// How sessions, joins, check-ins, reminder marks, attendance and calendar feeds are stored.
import { defineEntity, type Item, type Key } from "../platform/index.js";
import type { AttendanceStatus, ReminderKind, SessionStatus } from "./model.js";

export interface SessionChange {
  at: string;
  by: string;
  change: "rescheduled" | "cancelled";
  from: string | null;
  to: string | null;
  reason: string;
}

/**
 * One meeting of a pod. Its id is `<podId>-<number>` (number zero-padded to 3), so a sprint scheduled twice writes
 * the same keys and the conditional put keeps the first. While it is still to start or running it carries the due
 * index (`gsi1`): the lifecycle job finds it at its next transition.
 */
export type SessionItem = Item & {
  type: "Session";
  id: string;
  podId: string;
  number: number;
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  anchorTimezone: string;
  /** The anchor's local wall time ("18:00") the session was planned at. */
  anchorTime: string;
  backupStartsAt: string | null;
  /** Unguessable (128 random bits): the room's name is what keeps an open room private. */
  room: string;
  sequence: number;
  cancelledReason: string | null;
  history: SessionChange[];
  /** Who became moderator of the room (one member). */
  moderatorId: string | null;
  attendance: Record<string, AttendanceStatus> | null;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type JoinItem = Item & {
  type: "SessionJoin";
  sessionId: string;
  userId: string;
  /** The first join: lateness is measured from it. */
  joinedAt: string;
  lastJoinedAt: string;
  joins: number;
};

export type CheckInItem = Item & {
  type: "CheckIn";
  sessionId: string;
  podId: string;
  userId: string;
  attended: boolean;
  rpe: number;
  win: string;
  tweak: string;
  proof: { key: string; contentType: string; size: number } | null;
  createdAt: string;
  updatedAt: string;
};

/** A reminder that went out: written with its email, conditionally, so a second delivery sends nothing. */
export type ReminderMarkItem = Item & {
  type: "ReminderSent";
  sessionId: string;
  userId: string;
  kind: ReminderKind;
  startsAt: string;
  sentAt: string;
};

/** A member's attendance of one session, in their own partition: the score reads the latest 20. */
export type AttendanceItem = Item & {
  type: "Attendance";
  userId: string;
  sessionId: string;
  podId: string;
  startsAt: string;
  status: AttendanceStatus;
  checkedIn: boolean;
};

/** A calendar feed's secret, by the hash of its token; the token itself is never stored. */
export type CalendarFeedItem = Item & {
  type: "CalendarFeed";
  tokenHash: string;
  userId: string;
  createdAt: string;
};

/** The user's pointer to their current feed, so rotating it removes the old one. */
export type CalendarFeedOwnerItem = Item & {
  type: "CalendarFeedOwner";
  userId: string;
  tokenHash: string;
  createdAt: string;
};

export const SessionRecord = defineEntity("Session", {
  one: { name: "One session", pk: "SESSIONS#<podId>", sk: "SESSION#<number>" },
  ofPod: {
    name: "A pod's sessions with their joins, check-ins and reminder marks",
    pk: "SESSIONS#<podId>",
    sk: { beginsWith: "SESSION#" },
  },
  withDetails: {
    name: "One session with its joins, check-ins and reminder marks",
    pk: "SESSIONS#<podId>",
    sk: { beginsWith: "SESSION#<number>" },
    consistent: true,
  },
  due: {
    name: "Sessions due to start or end (`gsi1sk` is `<dueAt>#<id>`)",
    index: "gsi1",
    pk: "SESSIONS_DUE",
    sk: { lte: "<now>#\uffff" },
    sparse: true,
  },
  startingBetween: {
    name: "Sessions still to start in a time range, soonest first (the coach's agenda sweep)",
    index: "gsi1",
    pk: "SESSIONS_DUE",
    sk: { between: ["<from>", "<to>#\uffff"] },
    sparse: true,
  },
});
export const JoinRecord = defineEntity("SessionJoin", {
  one: { name: "A member's joins of one session", pk: "SESSIONS#<podId>", sk: "SESSION#<number>#JOIN#<userId>" },
});
export const CheckInRecord = defineEntity("CheckIn", {
  one: {
    name: "A member's check-in for one session",
    pk: "SESSIONS#<podId>",
    sk: "SESSION#<number>#CHECKIN#<userId>",
  },
});
export const ReminderMark = defineEntity("ReminderSent", {
  one: {
    name: "A reminder sent to one member for one session time",
    pk: "SESSIONS#<podId>",
    sk: "SESSION#<number>#SENT#<kind>#<startsAt>#<userId>",
    note: "conditional put `attribute_not_exists(pk)` with the email",
  },
});
export const AttendanceRecord = defineEntity("Attendance", {
  one: { name: "A member's attendance of one session", pk: "USER#<userId>", sk: "ATTENDANCE#<startsAt>#<sessionId>" },
  latest: {
    name: "A member's latest attendances (the score over the last 20)",
    pk: "USER#<userId>",
    sk: { beginsWith: "ATTENDANCE#" },
    descending: true,
  },
});
export const CalendarFeedRecord = defineEntity("CalendarFeed", {
  byToken: { name: "A calendar feed by its token's hash", pk: "CALFEED#<tokenHash>", sk: "CALFEED" },
  ofUser: { name: "A learner's current calendar feed", pk: "USER#<userId>", sk: "CALFEED" },
});

const pad = (n: number) => String(n).padStart(3, "0");
export const sessionIdOf = (podId: string, number: number) => `${podId}-${pad(number)}`;

/** The pod and number a session id names, or undefined for an id that is not one. */
export function parseSessionId(id: string): { podId: string; number: string } | undefined {
  const m = /^([0-9A-Za-z]{1,40})-(\d{3})$/.exec(id);
  return m ? { podId: m[1]!, number: m[2]! } : undefined;
}

export const sessionKey = (podId: string, number: number | string): Key =>
  SessionRecord.key("one", { podId, number: typeof number === "number" ? pad(number) : number });
export const joinKey = (podId: string, number: string, userId: string): Key =>
  JoinRecord.key("one", { podId, number, userId });
export const checkInKey = (podId: string, number: string, userId: string): Key =>
  CheckInRecord.key("one", { podId, number, userId });

export const DUE_PK = "SESSIONS_DUE";
/** The due index of a session that is still to start (at its start) or running (at its end); none after. */
export function dueIndex(s: Pick<SessionItem, "status" | "startsAt" | "endsAt" | "id">) {
  if (s.status === "scheduled") return { gsi1pk: DUE_PK, gsi1sk: `${s.startsAt}#${s.id}` };
  if (s.status === "active") return { gsi1pk: DUE_PK, gsi1sk: `${s.endsAt}#${s.id}` };
  return {};
}

/** A session item written whole, with the due index its state calls for. */
export function indexedSession(s: SessionItem): SessionItem {
  const { gsi1pk: _p, gsi1sk: _s, ...rest } = s;
  return { ...rest, ...dueIndex(s) } as SessionItem;
}
