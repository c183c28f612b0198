// What a goal shows once its learner is in a pod: the pod's weekly slots on the learner's clock, not their own preference.
import type { Actor } from "../access/index.js";
import { describeSlot, localSessionTime, referenceOccurrence, sessionStarts } from "../matching/index.js";
import type { Page, Platform } from "../platform/index.js";
import { type AcceptedPod, acceptedPods } from "../pods/index.js";
import type { Goal, GoalPod, WeeklySlot } from "./model.js";

const WEEK_MS = 7 * 86_400_000;

function goalPod(pod: AcceptedPod, timezone: string, now: Date): GoalPod {
  const slots = pod.slots.map((slot) => {
    // The next session, so that a week with a DST change elsewhere reads as the learner will live it.
    const at = sessionStarts(slot, { from: now, to: new Date(now.getTime() + WEEK_MS + 86_400_000) })[0];
    const t = localSessionTime(at ?? referenceOccurrence(slot), slot.durationMinutes, timezone);
    const weekly: WeeklySlot = { weekday: t.weekday, time: t.start, durationMinutes: slot.durationMinutes };
    return { weekly, text: describeSlot(slot, timezone, now) };
  });
  slots.sort((a, b) => a.weekly.weekday - b.weekly.weekday || (a.weekly.time < b.weekly.time ? -1 : 1));
  return {
    podId: pod.podId,
    status: pod.status,
    slots: slots.map((s) => s.weekly),
    meetingTimes: slots.map((s) => s.text),
    endsAt: pod.endsAt,
  };
}

/** Goals with their learner's pod for each goal's sprint type (null where none): one Query more. */
export async function withPods(p: Platform, actor: Actor, goals: readonly Goal[]): Promise<Goal[]> {
  const pods = await acceptedPods(p, actor.userId);
  const now = p.clock.now();
  return goals.map((goal) => {
    const pod = pods.get(goal.sprintType);
    return { ...goal, pod: pod ? goalPod(pod, goal.schedule.timezone, now) : null };
  });
}

export async function pageWithPods(p: Platform, actor: Actor, page: Page<Goal>): Promise<Page<Goal>> {
  return { ...page, items: await withPods(p, actor, page.items) };
}
