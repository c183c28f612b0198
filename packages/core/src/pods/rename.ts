// What pods keep of a learner's account follows a change: the display name pod-mates see, the timezone times are
// shown in (and the learner's pod summaries with it).
import type { Platform } from "../platform/index.js";
import { Member, type MemberItem, viewerTimezone } from "./records.js";
import { changePod } from "./state.js";

/**
 * Writes `name` on each of the learner's memberships, each through the pod's own versioned change so a concurrent
 * pod change cannot put the old name back. Memberships are found on the owner index (eventually consistent: a
 * membership written a moment ago may keep the old name until the next rename).
 */
export async function syncMemberCopies(
  p: Platform,
  userId: string,
  change: { name?: string; timezone?: string },
): Promise<void> {
  const memberships = await p.store.queryAll<MemberItem>(Member.query("ofUser", { userId }));
  for (const { podId } of memberships) {
    await changePod(p, podId, async (state, podChange) => {
      const member = state.members.find((m) => m.userId === userId && !m.erased);
      if (!member) return;
      const renamed = change.name !== undefined && member.displayName !== change.name;
      const moved = change.timezone !== undefined && viewerTimezone(member) !== change.timezone;
      if (!renamed && !moved) return;
      if (renamed) member.displayName = change.name;
      if (moved) member.timezone = change.timezone;
      podChange.touched.add(member);
    });
  }
}

/** A learner's new display name reaches the memberships where pod-mates see it. */
export const renamePodMember = (p: Platform, userId: string, name: string) => syncMemberCopies(p, userId, { name });
