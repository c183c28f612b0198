// Calendars: an .ics per session and a private feed per learner behind a rotatable secret URL, in UTC times.
import { createHash, randomBytes } from "node:crypto";
import ical, { ICalEventStatus } from "ical-generator";
import type { Actor } from "../access/index.js";
import type { Item, Platform, TransactOp } from "../platform/index.js";
import { notFound } from "../platform/index.js";
import { listMyPods } from "../pods/index.js";
import type { CalendarFeed } from "./model.js";
import { type CalendarFeedItem, type CalendarFeedOwnerItem, CalendarFeedRecord, type SessionItem } from "./records.js";
import { loadSession, sessionPageUrl, sessionsOfPods } from "./sessions.js";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
/** Feed tokens: 256 random bits, base64url (43 characters). */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

function calendarOf(p: Platform, name: string, sessions: readonly SessionItem[]): string {
  const cal = ical({ name, prodId: { company: "Pactly", product: "Sessions", language: "EN" } });
  const host = new URL(p.config.apiUrl).hostname;
  for (const s of sessions) {
    const page = sessionPageUrl(p, s.id);
    cal.createEvent({
      id: `${s.id}@${host}`,
      // UTC instants (DTSTART:…Z): every calendar app reads them right, and each shows them in its own zone.
      start: new Date(s.startsAt),
      end: new Date(s.endsAt),
      stamp: new Date(s.updatedAt),
      summary: `Pod session ${s.number}`,
      description: `Join the video room from ${page}`,
      location: page,
      url: page,
      sequence: s.sequence,
      status: s.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

/** One session's .ics, for a member of its pod. */
export async function sessionIcs(p: Platform, actor: Actor, sessionId: string): Promise<string> {
  const { session } = await loadSession(p, actor, sessionId);
  return calendarOf(p, "Pactly session", [session]);
}

/**
 * Creates the learner's private feed, or replaces it: the old URL stops working at once. Only the token's hash is
 * stored; the URL is shown this once.
 */
export async function rotateCalendarFeed(p: Platform, actor: Actor): Promise<CalendarFeed> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashOf(token);
  const now = p.clock.now().toISOString();
  const ownerKey = CalendarFeedRecord.key("ofUser", { userId: actor.userId });
  const previous = await p.store.get<CalendarFeedOwnerItem>(ownerKey, { consistent: true });
  const ops: TransactOp[] = [
    {
      put: {
        ...CalendarFeedRecord.key("byToken", { tokenHash }),
        type: "CalendarFeed",
        tokenHash,
        userId: actor.userId,
        createdAt: now,
      } satisfies CalendarFeedItem,
      condition: { absent: true },
    },
    {
      put: {
        ...ownerKey,
        type: "CalendarFeedOwner",
        userId: actor.userId,
        tokenHash,
        createdAt: now,
      } satisfies CalendarFeedOwnerItem,
    },
  ];
  if (previous) ops.push({ delete: CalendarFeedRecord.key("byToken", { tokenHash: previous.tokenHash }) });
  await p.store.transact(ops);
  return { url: `${p.config.apiUrl.replace(/\/$/, "")}/v1/calendar/${token}.ics`, createdAt: now };
}

/** The feed behind a token: every session of the learner's active and past pods; 404 for an unknown token. */
export async function calendarFeed(p: Platform, token: string): Promise<string> {
  const missing = () => notFound("calendar.not_found", "No such calendar.");
  if (!FEED_TOKEN.test(token)) throw missing();
  const feed = await p.store.get<CalendarFeedItem & Item>(
    CalendarFeedRecord.key("byToken", { tokenHash: hashOf(token) }),
  );
  if (!feed) throw missing();
  const actor: Actor = { userId: feed.userId, role: "learner" };
  const pods = await listMyPods(p, actor, { limit: 50, cursor: null });
  const podIds = pods.items.filter((s) => s.status === "active" || s.status === "completed").map((s) => s.id);
  return calendarOf(p, "Pactly sessions", await sessionsOfPods(p, podIds));
}
