// What can be sent to a learner, the data each kind needs, and the push-subscription shapes the API takes.
import type { NotificationType as SettingsCategory } from "../accounts/index.js";
import type { CommonSlot } from "../matching/index.js";
import type { Effect } from "../platform/effects.js";
import { z } from "../platform/schema.js";

/** A session as a notification shows it; instants are ISO-8601 UTC and shown in the recipient's timezone. */
export interface SessionNotice {
  sessionId: string;
  /** The sprint's name ("Gym, three times a week"), or the pod's. */
  sprintName: string;
  startsAt: string;
  durationMinutes?: number;
}

/** A pod as a notification shows it: its weekly slots are shown in the recipient's timezone. */
export interface PodNotice {
  podId: string;
  sprintName: string;
  slots: readonly CommonSlot[];
  /** How many other members the recipient shares the pod with. */
  others: number;
}

/** One part of the weekly summary, filled by a domain (see `weeklySummary` in the domain contract). */
export interface SummarySection {
  title: string;
  lines: string[];
}

/** Every kind of notification and the data it is rendered from. */
export interface NotificationData {
  pod_invited: PodNotice & { invitedUntil?: string | null };
  pod_moved: PodNotice;
  pod_active: PodNotice & { endsAt?: string | null };
  pod_member_left: PodNotice;
  pod_completed: PodNotice;
  pod_disbanded: PodNotice;
  session_reminder_24h: SessionNotice;
  session_reminder_1h: SessionNotice;
  checkin_nudge: SessionNotice;
  session_rescheduled: SessionNotice & { previousStartsAt: string; reason?: string | null };
  session_cancelled: SessionNotice & { reason?: string | null };
  weekly_summary: { sections: SummarySection[] };
  review_reminder: { due: number };
  coach_notes_ready: SessionNotice & { actionItems: number };
  /** An upheld report about the learner: a warning, a suspension until `until`, or a ban. */
  moderation_decision: { outcome: "warn" | "suspend" | "ban"; note: string; until: string | null };
  appeal_decided: { outcome: "upheld" | "overturned"; note: string };
}
export type NotificationKind = keyof NotificationData;

export const NOTIFICATION_KINDS = [
  "pod_invited",
  "pod_moved",
  "pod_active",
  "pod_member_left",
  "pod_completed",
  "pod_disbanded",
  "session_reminder_24h",
  "session_reminder_1h",
  "checkin_nudge",
  "session_rescheduled",
  "session_cancelled",
  "weekly_summary",
  "review_reminder",
  "coach_notes_ready",
  "moderation_decision",
  "appeal_decided",
] as const satisfies readonly NotificationKind[];

/** What other domains hand `notificationEffects`: who, what, and optionally not before when. */
export type NotificationRequest<K extends NotificationKind = NotificationKind> = {
  [T in K]: {
    userId: string;
    type: T;
    data: NotificationData[T];
    /** Not sent before this instant (ISO); quiet hours may hold it back further. */
    notBefore?: string;
    /** Sent only if this item still holds these values when it goes out (a session not moved or cancelled since). */
    onlyIf?: Effect["onlyIf"];
    /** The timezone to show times in when the learner never saved preferences (a pod member's, say). */
    timezoneHint?: string;
  };
}[K];

/** How each kind is treated: the settings toggle that silences it, whether push carries it. */
export interface KindPolicy {
  /** The per-type setting; null: needed to take part, sent whatever the settings, no unsubscribe link. */
  category: SettingsCategory | null;
  push: boolean;
  /** The latest useful instant: quiet hours never hold a notification back past it (a reminder past the start). */
  deadline?: (data: never) => string | undefined;
}

const sessionStart = (d: SessionNotice) => d.startsAt;

export const KIND_POLICY: {
  [K in NotificationKind]: Omit<KindPolicy, "deadline"> & {
    deadline?: (data: NotificationData[K]) => string | undefined;
  };
} = {
  pod_invited: { category: null, push: false },
  pod_moved: { category: null, push: false },
  pod_active: { category: "podUpdates", push: false },
  pod_member_left: { category: "podUpdates", push: false },
  pod_completed: { category: "podUpdates", push: false },
  pod_disbanded: { category: "podUpdates", push: false },
  session_reminder_24h: { category: "sessionReminders", push: true, deadline: sessionStart },
  session_reminder_1h: { category: "sessionReminders", push: true, deadline: sessionStart },
  checkin_nudge: { category: "checkinNudges", push: true },
  session_rescheduled: {
    category: "sessionChanges",
    push: true,
    deadline: (d) => earlier(d.startsAt, d.previousStartsAt),
  },
  session_cancelled: { category: "sessionChanges", push: true, deadline: sessionStart },
  weekly_summary: { category: "weeklySummary", push: false },
  review_reminder: { category: "reviewReminders", push: true },
  coach_notes_ready: { category: "podUpdates", push: false },
  // About the account itself: always sent, whatever the settings.
  moderation_decision: { category: null, push: false },
  appeal_decided: { category: null, push: false },
};

const earlier = (a: string, b: string) => (new Date(a) < new Date(b) ? a : b);

/** The categories an unsubscribe link may name: every setting a notification kind is silenced by. */
export const UNSUBSCRIBABLE: readonly SettingsCategory[] = [
  ...new Set(Object.values(KIND_POLICY).flatMap((k) => (k.category ? [k.category] : []))),
];

/** Plain words for a category, on the unsubscribe page and in the email's footer. */
export const CATEGORY_LABELS: Record<SettingsCategory, string> = {
  sessionReminders: "session reminders",
  reviewReminders: "review reminders",
  podUpdates: "pod updates",
  marketing: "news and offers",
  checkinNudges: "check-in nudges",
  sessionChanges: "session changes",
  weeklySummary: "the weekly summary",
};

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, "URL-safe base64.");

/** What the browser's `PushSubscription.toJSON()` gives, as PUT /v1/me/push-subscriptions takes it. */
export const PushSubscriptionInput = z
  .object({
    endpoint: z.url().max(2048),
    expirationTime: z.number().min(0).max(8_640_000_000_000_000).nullable().optional(),
    keys: z.object({ p256dh: base64url.min(80).max(100), auth: base64url.min(16).max(32) }).strict(),
  })
  .strict()
  .openapi("PushSubscriptionInput");
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export const PushSubscriptionRef = z
  .object({ endpoint: z.url().max(2048) })
  .strict()
  .openapi("PushSubscriptionRef");

export const PushSubscriptionView = z
  .object({
    id: z.string(),
    /** The push service's origin (which browser vendor delivers it), not the secret endpoint. */
    service: z.string(),
    createdAt: z.string(),
  })
  .openapi("PushSubscription");
export type PushSubscriptionView = z.infer<typeof PushSubscriptionView>;

export const PushSettings = z
  .object({
    /** The application server key for `pushManager.subscribe`; null when web push is off on this server. */
    publicKey: z.string().nullable(),
    items: z.array(PushSubscriptionView),
  })
  .openapi("PushSettings");
export type PushSettings = z.infer<typeof PushSettings>;

/** What the service worker shows. */
export interface PushMessage {
  title: string;
  body: string;
  url: string;
  /** A newer message with the same tag replaces the older one on the device. */
  tag: string;
}
