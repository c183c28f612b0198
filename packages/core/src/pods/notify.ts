// Telling pod members what happened (invited, pod active, member left, completed…), through the notifications
// domain's templates: in each member's own timezone, honouring their settings.

import { getSprintType } from "../catalog/index.js";
import { notificationEffects } from "../notifications/index.js";
import type { Effect, Platform } from "../platform/index.js";
import { type MemberItem, type PodItem, weeklySlotsOf } from "./records.js";

export type PodEmail =
  | "pod_invited"
  | "pod_active"
  | "pod_member_left"
  | "pod_completed"
  | "pod_disbanded"
  | "pod_moved";

/**
 * One notification kind for the given members, as outbox effects: committed with the change that causes them and
 * sent after it (see platform/effects.ts), so no request waits on the mail service and a failed send is retried.
 * Invitations and moves go out whatever the settings (they are needed to take part); the rest honour "pod updates".
 * Erased members get nothing.
 */
export async function podEmails(
  p: Platform,
  pod: PodItem,
  recipients: readonly MemberItem[],
  template: PodEmail,
  others = recipients.length - 1,
): Promise<Effect[]> {
  if (recipients.length === 0) return [];
  const sprintName = await getSprintType(p, pod.sprintType).then(
    (s) => s.name,
    () => pod.sprintType,
  );
  const notice = { podId: pod.id, sprintName, slots: weeklySlotsOf(pod), others };
  const effects = await Promise.all(
    recipients
      .filter((m) => !m.erased)
      .map((member) => {
        // The member's timezone from their place in the pod, for a learner who never saved preferences.
        const base = { userId: member.userId, timezoneHint: member.snapshot.timezone };
        switch (template) {
          case "pod_invited":
            return notificationEffects(p, {
              ...base,
              type: template,
              data: { ...notice, invitedUntil: member.invitedUntil },
            });
          case "pod_active":
            return notificationEffects(p, { ...base, type: template, data: { ...notice, endsAt: pod.endsAt } });
          default:
            return notificationEffects(p, { ...base, type: template, data: notice });
        }
      }),
  );
  return effects.flat();
}
