// Notifications' public face. Other domains call `notificationEffects(p, { userId, type, data, notBefore? })` and
// commit the effects it returns with their change; the rest serves the routes, the jobs and the module.
import type { Platform } from "../platform/index.js";
import { type PushSubscriptionItem, type WeeklySummaryItem, weeklySummaryKey } from "./keys.js";
import { erasePushSubscriptions, subscriptionsOf } from "./push.js";

export * from "./keys.js";
export { type LocalTimeItem, type LocalTimeRule, sendAndMoveOn, sendEveryDue } from "./local-times.js";
export * from "./model.js";
export { notificationEffects, PUSH_JOB } from "./notify.js";
export {
  deletePushSubscription,
  deliverPush,
  erasePushSubscriptions,
  getPushSettings,
  type PushOutcome,
  putPushSubscription,
  subscriptionsOf,
} from "./push.js";
export { isQuiet, sendTimeAfterQuietHours } from "./quiet-hours.js";
export { unsubscribeSecret, vapidKeys } from "./secrets.js";
export { escapeHtml, localTime, pushMessageOf, type RenderContext, renderEmail } from "./templates.js";
export {
  readUnsubscribeToken,
  type UnsubscribeTarget,
  unsubscribe,
  unsubscribeToken,
  unsubscribeUrl,
} from "./unsubscribe.js";
export {
  backfillWeeklySummaries,
  nextSummaryTime,
  scheduleWeeklySummary,
  sendDueWeeklySummaries,
} from "./weekly-summary.js";

/** Erasure: the learner's devices and their summary schedule (both in their partition; removed here explicitly). */
export async function eraseNotificationRecords(p: Platform, userId: string): Promise<void> {
  await erasePushSubscriptions(p, userId);
  await p.store.delete(weeklySummaryKey(userId));
}

/** What an export adds: the devices in plain words (the endpoints are capability URLs) and the next summary. */
export async function notificationsExport(p: Platform, userId: string) {
  const [devices, summary] = await Promise.all([
    subscriptionsOf(p, userId),
    p.store.get<WeeklySummaryItem>(weeklySummaryKey(userId)),
  ]);
  return {
    pushDevices: devices.map((d: PushSubscriptionItem) => ({
      service: new URL(d.endpoint).origin,
      subscribedAt: d.createdAt,
    })),
    weeklySummary: summary ? { timezone: summary.timezone, nextAt: summary.dueAt } : null,
  };
}
