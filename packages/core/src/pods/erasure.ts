// Erasing a learner from their pods: an open pod frees their place; every pod keeps an anonymous "former member".

import type { Platform } from "../platform/index.js";
import { settleAfterDeparture } from "./lifecycle.js";
import { SEATED } from "./model.js";
import { podEmails } from "./notify.js";
import { Member, type MemberItem, memberKey, seatKey } from "./records.js";
import { changePod } from "./state.js";
import { FORMER_MEMBER } from "./summaries.js";

/**
 * The pods erasure hook. For each pod the learner was ever in, their membership is replaced by one under a new,
 * meaningless id with no owner-index key, no availability and no free text; pod-mates see "Former member" where
 * the learner was on a finished pod's roster. In a forming or active pod the place is freed and offered to the
 * waitlist like any other departure. Idempotent: a second run finds no memberships left.
 */
export async function erasePodMemberships(p: Platform, userId: string): Promise<void> {
  const memberships = await p.store.queryAll<MemberItem>(Member.query("ofUser", { userId }));
  for (const { podId } of memberships) {
    await changePod(p, podId, async (state, change) => {
      const member = state.members.find((m) => m.userId === userId && !m.erased);
      if (!member) return;
      const { pod } = state;
      const open = pod.status === "forming" || pod.status === "active";
      const wasSeated = SEATED.includes(member.status);
      const placeholderId = `former-${p.ids.next()}`;
      const { gsi2pk: _pk, gsi2sk: _sk, ...rest } = member;
      const placeholder: MemberItem = {
        ...rest,
        ...memberKey(pod.id, placeholderId),
        userId: placeholderId,
        status: open && wasSeated ? "left" : member.status,
        signals: {
          ...member.signals,
          userId: placeholderId,
          windows: [],
          timezone: pod.slot.anchorTimezone,
          locale: pod.language,
          joinedAt: pod.createdAt,
          prioritySince: null,
        },
        snapshot: {
          ...member.snapshot,
          userId: placeholderId,
          availability: [],
          timezone: pod.slot.anchorTimezone,
          locale: pod.language,
          joinedAt: pod.createdAt,
          prioritySince: null,
        },
        reason: null,
        note: null,
        erased: true,
        displayName: FORMER_MEMBER,
        version: 0,
      };
      state.members = [...state.members.filter((m) => m !== member), placeholder];
      change.touched.add(placeholder);
      change.ops.push({ delete: memberKey(pod.id, userId) });
      if (open && wasSeated) {
        // The whole user partition is deleted next; the seat goes now so the pod's books add up.
        change.ops.push({ delete: seatKey(userId, pod.sprintType) });
        const stay = state.members.filter((m) => m.status === "accepted" && !m.erased);
        if (member.status === "accepted") change.effects.push(() => podEmails(p, pod, stay, "pod_member_left"));
        await settleAfterDeparture(p, state, change);
      }
    });
  }
}
