// A pod's roster as other domains need it (sessions): who is seated, in which timezone, and when they can meet.
import type { CommonSlot, LocalWindow } from "../matching/index.js";
import type { Item, Key, Platform } from "../platform/index.js";
import type { MemberStatus, PodStatus } from "./model.js";
import { type MemberItem, memberKey, viewerTimezone } from "./records.js";
import { acceptedOf, isAccepted, loadPod } from "./state.js";
import { displayNames } from "./summaries.js";

export interface PodRoster {
  pod: {
    id: string;
    sprintType: string;
    status: PodStatus;
    slot: CommonSlot;
    slots?: CommonSlot[];
    durationWeeks: number;
    activatedAt: string | null;
    endsAt: string | null;
  };
  /** Members who accepted: those who meet. */
  members: {
    userId: string;
    status: MemberStatus;
    displayName: string;
    /** Their current timezone: their times are shown in it. */
    timezone: string;
    /** The weekly windows they joined with, in their own timezone: what "can make it" is checked against. */
    windows: LocalWindow[];
    windowsTimezone: string;
    erased: boolean;
  }[];
}

/** The pod and its accepted members, one Query; undefined for a pod that does not exist. */
export async function podRoster(p: Platform, podId: string): Promise<PodRoster | undefined> {
  const state = await loadPod(p, podId);
  if (!state) return undefined;
  const { pod } = state;
  const accepted = acceptedOf(state);
  const names = await displayNames(p, accepted);
  return {
    pod: {
      id: pod.id,
      sprintType: pod.sprintType,
      status: pod.status,
      slot: pod.slot,
      ...((pod as { slots?: CommonSlot[] }).slots ? { slots: (pod as { slots?: CommonSlot[] }).slots } : {}),
      durationWeeks: pod.durationWeeks,
      activatedAt: pod.activatedAt,
      endsAt: pod.endsAt,
    },
    members: accepted.map((m) => ({
      userId: m.userId,
      status: m.status,
      displayName: names.get(m.userId) ?? "Member",
      timezone: viewerTimezone(m),
      windows: m.signals.windows,
      windowsTimezone: m.signals.timezone,
      erased: m.erased === true,
    })),
  };
}

/** One learner's place in a pod, as payments needs it: the pod's state and the member's answer and deadline. */
export interface PodMembership {
  pod: { id: string; sprintType: string; status: PodStatus; activatedAt: string | null; endsAt: string | null };
  member: { status: MemberStatus; invitedUntil: string | null } | undefined;
  /** Members who accepted (those a pod counts towards its minimum). */
  accepted: string[];
}

export async function podMembership(p: Platform, podId: string, userId: string): Promise<PodMembership | undefined> {
  const state = await loadPod(p, podId);
  if (!state) return undefined;
  const { pod } = state;
  const member = state.members.find((m) => m.userId === userId);
  return {
    pod: {
      id: pod.id,
      sprintType: pod.sprintType,
      status: pod.status,
      activatedAt: pod.activatedAt,
      endsAt: pod.endsAt,
    },
    member: member ? { status: member.status, invitedUntil: member.invitedUntil } : undefined,
    accepted: acceptedOf(state).map((m) => m.userId),
  };
}

/**
 * The key of a learner's seat in a pod, for a read that fetches it beside items of its own in one request
 * (`store.getMany`), and whether what came back is an accepted seat (a member, as `acceptedOf` counts them).
 */
export const seatKey = (podId: string, userId: string): Key => memberKey(podId, userId);
export const isAcceptedSeat = (item: Item | undefined): boolean =>
  item?.type === "PodMember" && isAccepted(item as MemberItem);
