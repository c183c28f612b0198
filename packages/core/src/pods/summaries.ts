// What is kept beside each member so reads stay one Query: pod summaries in the learner's partition, names on members.
import { getUser, profileKey, type StoredUser } from "../accounts/index.js";
import { getSprintType } from "../catalog/index.js";
import type { Platform, TransactOp } from "../platform/index.js";
import { SEATED } from "./model.js";
import {
  type MemberItem,
  type PodItem,
  type PodSummaryItem,
  podSummaryKey,
  viewerTimezone,
  weeklySlotsOf,
} from "./records.js";

export const FORMER_MEMBER = "Former member";
const UNNAMED = "Member";

/** The sprint type's name for summaries; the id when the catalog no longer has it. */
export async function sprintNameOf(p: Platform, sprintType: string): Promise<string> {
  return getSprintType(p, sprintType).then(
    (s) => s.name,
    () => sprintType,
  );
}

/** A seated, not erased member's summary of the pod; undefined for anyone else. */
export function summaryOf(pod: PodItem, member: MemberItem, sprintName: string): PodSummaryItem | undefined {
  if (member.erased || !SEATED.includes(member.status)) return undefined;
  return {
    ...podSummaryKey(member.userId, pod.createdAt, pod.id),
    type: "PodSummary",
    userId: member.userId,
    podId: pod.id,
    sprintType: pod.sprintType,
    sprintName,
    status: pod.status,
    myStatus: member.status,
    members: pod.seated,
    slot: pod.slot,
    slots: weeklySlotsOf(pod),
    timezone: viewerTimezone(member),
    invitedUntil: member.status === "invited" ? member.invitedUntil : null,
    createdAt: pod.createdAt,
    endsAt: pod.endsAt,
  };
}

/** The summaries a pod's members should hold now, by member, as compared text. */
export function summariesOf(pod: PodItem, members: readonly MemberItem[], sprintName: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of members) {
    const summary = summaryOf(pod, m, sprintName);
    if (summary) out.set(m.userId, JSON.stringify(summary));
  }
  return out;
}

/**
 * Writes that bring members' summaries from `before` (what they held) to the pod's state now: a put for each new
 * or changed one, a delete for each place given up. With no `before`, every summary is written.
 */
export function summaryOps(
  pod: PodItem,
  members: readonly MemberItem[],
  sprintName: string,
  before?: ReadonlyMap<string, string>,
): TransactOp[] {
  const after = summariesOf(pod, members, sprintName);
  const ops: TransactOp[] = [];
  for (const [userId, text] of after) {
    if (before?.get(userId) !== text) ops.push({ put: JSON.parse(text) as PodSummaryItem });
  }
  for (const userId of before?.keys() ?? []) {
    if (!after.has(userId)) ops.push({ delete: podSummaryKey(userId, pod.createdAt, pod.id) });
  }
  return ops;
}

/** Fills `displayName` on memberships about to be written without one, with one batch read of the profiles. */
export async function nameMembers(p: Platform, members: readonly MemberItem[]): Promise<void> {
  for (const m of members) if (m.erased) m.displayName = FORMER_MEMBER;
  const unnamed = members.filter((m) => m.displayName === undefined);
  if (unnamed.length === 0) return;
  const users = await p.store.getMany<StoredUser>(unnamed.map((m) => profileKey(m.userId)));
  const names = new Map(users.map((u) => [u.id, u.name?.trim() || UNNAMED]));
  for (const m of unnamed) m.displayName = names.get(m.userId) ?? UNNAMED;
}

/**
 * Display names of members for a roster: the name kept on the membership, else (a membership stored before names
 * were kept) the profile's; an erased account shows as a former member.
 */
export async function displayNames(p: Platform, members: readonly MemberItem[]): Promise<Map<string, string>> {
  const names = await Promise.all(
    members.map(async (m) => {
      if (m.erased) return [m.userId, FORMER_MEMBER] as const;
      if (m.displayName !== undefined) return [m.userId, m.displayName] as const;
      const user = await getUser(p, m.userId);
      return [m.userId, user?.name?.trim() || UNNAMED] as const;
    }),
  );
  return new Map(names);
}
