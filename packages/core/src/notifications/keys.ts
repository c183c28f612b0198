// Notifications' items in the single table: push subscriptions and the weekly summary's due time, both in the
// learner's partition (export and erasure reach them), and the local runtime's generated keys.
import { defineEntity, type Item, type Key } from "../platform/index.js";

export const PushSubscriptionRecord = defineEntity("PushSubscription", {
  ofUser: {
    name: "A learner's push subscriptions (one per device)",
    pk: "USER#<userId>",
    sk: { beginsWith: "PUSHSUB#" },
  },
  one: { name: "One push subscription", pk: "USER#<userId>", sk: "PUSHSUB#<subscriptionId>" },
});

export const WeeklySummaryRecord = defineEntity("WeeklySummary", {
  one: { name: "A learner's next weekly summary", pk: "USER#<userId>", sk: "WEEKLY_SUMMARY" },
  due: {
    name: "Weekly summaries due (`gsi1sk` is `<dueAt>#<userId>`)",
    index: "gsi1",
    pk: "WEEKLY_SUMMARIES",
    sk: { lte: "<now>#\uffff" },
    sparse: true,
  },
});

export const LocalNotificationKeys = defineEntity("LocalNotificationKeys", {
  one: { name: "The local unsubscribe secret and VAPID key pair (dev only)", pk: "NOTIFICATIONS#KEYS", sk: "LOCAL" },
});

export interface PushSubscriptionItem extends Item {
  type: "PushSubscription";
  userId: string;
  subscriptionId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  createdAt: string;
}

export interface WeeklySummaryItem extends Item {
  type: "WeeklySummary";
  userId: string;
  timezone: string;
  dueAt: string;
  lastSentAt?: string;
}

export const pushSubscriptionKey = (userId: string, subscriptionId: string): Key =>
  PushSubscriptionRecord.key("one", { userId, subscriptionId });
export const weeklySummaryKey = (userId: string): Key => WeeklySummaryRecord.key("one", { userId });
export const WEEKLY_SUMMARIES_PK = "WEEKLY_SUMMARIES";
