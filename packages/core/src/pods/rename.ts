// A learner's new display name reaches the memberships where pod-mates see it.
import type { Platform } from "../platform/index.js";
import { Member, type MemberItem } from "./records.js";
import { changePod } from "./state.js";

/**
 * Writes `name` on each of the learner's memberships, each through the pod's own versioned change so a concurrent
 * pod change cannot put the old name back. Memberships are found on the owner index (eventually consistent: a
 * membership written a moment ago may keep the old name until the next rename).
 */
export async function renamePodMember(p: Platform, userId: string, name: string): Promise<void> {
  const memberships = await p.store.queryAll<MemberItem>(Member.query("ofUser", { userId }));
  for (const { podId } of memberships) {
    await changePod(p, podId, async (state, change) => {
      const member = state.members.find((m) => m.userId === userId && !m.erased);
      if (!member || member.displayName === name) return;
      member.displayName = name;
      change.touched.add(member);
    });
  }
}
