// A sprint that meets three times a week: pods get three slots every member can make, of the target size, shown in
// each member's time, and a member's goal shows the pod's slots instead of its own preferred days.
import { describe, expect, it } from "vitest";
import { forgetCatalog, getSprintType, SprintType } from "../../src/catalog/index.js";
import { createGoal, getGoal, withPods } from "../../src/goals/index.js";
import type { LocalWindow } from "../../src/matching/index.js";
import type { Item } from "../../src/platform/index.js";
import {
  acceptInvitation,
  getPod,
  listMyPods,
  listWaitlist,
  runFormation,
  weeklySlotsOf,
} from "../../src/pods/index.js";
import { podKey } from "../../src/pods/records.js";
import { admin, londoner, newYorker, podsPlatform, waitlisted } from "./helpers.js";

/** Monday, Wednesday and Friday evenings, and Tuesday and Thursday mornings. */
const WEEK: LocalWindow[] = [
  ...[1, 3, 5].map((weekday) => ({ weekday, start: "18:00", end: "20:00" })),
  ...[2, 4].map((weekday) => ({ weekday, start: "07:00", end: "08:00" })),
];

describe("pods of a sprint with three sessions a week", () => {
  it("are formed 4 + 4 from eight learners, with three slots on different days, a day apart", async () => {
    const { p } = await podsPlatform();
    const gym = await getSprintType(p, "gym_3x_week");
    expect(gym.podSize).toEqual({ min: 3, target: 4, max: 5 });
    const learners = await waitlisted(p, ["A", "B", "C", "D", "E", "F", "G", "H"], {
      ...londoner("gym_3x_week"),
      windows: WEEK,
    });
    const run = await runFormation(p, admin, { sprintType: "gym_3x_week" });
    expect(run).toMatchObject({ waitlisted: 8, podsFormed: 2, matched: 8, stillWaiting: 0 });
    expect(learners).toHaveLength(8);
    for (const podId of run.podIds) {
      const pod = await getPod(p, admin, podId);
      expect(pod.members).toHaveLength(4);
      expect(pod.slots).toHaveLength(3);
      expect(pod.slot).toEqual(pod.slots[0]);
      // Evenings a day apart beat the mornings, which would put sessions on consecutive days; the middle of
      // the window leaves slack on both sides.
      expect(pod.meetingTimes).toEqual(["Mondays 18:45–19:15", "Wednesdays 18:45–19:15", "Fridays 18:45–19:15"]);
      expect(pod.meetingTime).toBe(pod.meetingTimes.join(", "));
    }
  });

  it("shows each member the slots in their own time, and lists them in their pods", async () => {
    const { p } = await podsPlatform();
    const london = await waitlisted(p, ["Ann", "Ben"], { ...londoner("gym_3x_week"), windows: WEEK });
    const ny = await waitlisted(p, ["Cat"], {
      ...newYorker("gym_3x_week"),
      windows: [1, 3, 5].map((weekday) => ({ weekday, start: "13:00", end: "15:00" })),
    });
    const run = await runFormation(p, admin, { sprintType: "gym_3x_week" });
    expect(run.podsFormed).toBe(1);
    const [podId] = run.podIds;
    expect((await getPod(p, london[0]!, podId!)).meetingTimes).toEqual([
      "Mondays 18:45–19:15",
      "Wednesdays 18:45–19:15",
      "Fridays 18:45–19:15",
    ]);
    expect((await getPod(p, ny[0]!, podId!)).meetingTimes).toEqual([
      "Mondays 13:45–14:15",
      "Wednesdays 13:45–14:15",
      "Fridays 13:45–14:15",
    ]);
    const [summary] = (await listMyPods(p, ny[0]!)).items;
    expect(summary!.meetingTime).toBe("Mondays 13:45–14:15, Wednesdays 13:45–14:15, Fridays 13:45–14:15");
  });

  it("reads a pod stored with one slot only as meeting at that slot", async () => {
    const { p } = await podsPlatform();
    const [ada] = await waitlisted(p, ["Ada", "Bob", "Cy"]);
    const run = await runFormation(p, admin, { sprintType: "net_prompting" });
    const podId = run.podIds[0]!;
    const stored = (await p.store.get<Item & { slot: unknown; slots?: unknown }>(podKey(podId)))!;
    const { slots, ...old } = stored;
    expect(slots).toHaveLength(1);
    await p.store.put(old);
    const pod = await getPod(p, ada!, podId);
    expect(pod.slots).toEqual([pod.slot]);
    expect(pod.meetingTimes).toEqual([pod.meetingTime]);
    expect(weeklySlotsOf({ slot: pod.slot })).toEqual([pod.slot]);
  });

  it("keeps waiting, with the reason, a learner free on fewer days than the sprint meets", async () => {
    const { p } = await podsPlatform();
    await waitlisted(p, ["A", "B", "C"], { ...londoner("gym_3x_week"), windows: WEEK });
    const [twice] = await waitlisted(p, ["Twice"], {
      ...londoner("gym_3x_week"),
      windows: [1, 3].map((weekday) => ({ weekday, start: "18:00", end: "20:00" })),
    });
    const run = await runFormation(p, admin, { sprintType: "gym_3x_week" });
    expect(run).toMatchObject({ podsFormed: 1, matched: 3, stillWaiting: 1 });
    const [entry] = await listWaitlist(p, twice!);
    expect(entry).toMatchObject({ reason: "too_few_days", reasonText: expect.stringContaining("different days") });
  });
});

describe("a goal once its learner is in a pod", () => {
  it("shows the pod's slots instead of the goal's own preferred days", async () => {
    const { p } = await podsPlatform();
    const [ann, ...others] = await waitlisted(p, ["Ann", "Ben", "Cid"], { ...londoner("gym_3x_week"), windows: WEEK });
    const goal = await createGoal(p, ann!, {
      sprintType: "gym_3x_week",
      title: "Lift three times a week",
      schedule: {
        timezone: "Europe/London",
        frequency: { sessionsPerWeek: 3 },
        defaultSlots: [2, 4, 6].map((weekday) => ({ weekday, time: "07:00", durationMinutes: 30 })),
      },
      proofMethod: "workout_log",
      startDate: "2026-03-02",
    });
    expect((await withPods(p, ann!, [goal]))[0]!.pod).toBeNull();
    const run = await runFormation(p, admin, { sprintType: "gym_3x_week" });
    const podId = run.podIds[0]!;
    // An invitation is not a place yet: the goal still shows its own days.
    expect((await withPods(p, ann!, [goal]))[0]!.pod).toBeNull();
    await acceptInvitation(p, ann!, podId);
    const [shown] = await withPods(p, ann!, [await getGoal(p, ann!, goal.id)]);
    expect(shown!.pod).toEqual({
      podId,
      status: "forming",
      slots: [1, 3, 5].map((weekday) => ({ weekday, time: "18:45", durationMinutes: 30 })),
      meetingTimes: ["Mondays 18:45–19:15", "Wednesdays 18:45–19:15", "Fridays 18:45–19:15"],
      endsAt: null,
    });
    // Once everyone has accepted, the pod is active and the goal gives the sprint's end, as the pod and its email do.
    for (const o of others) await acceptInvitation(p, o, podId);
    const [active] = await withPods(p, ann!, [goal]);
    const pod = await getPod(p, ann!, podId);
    expect(pod.status).toBe("active");
    expect(active!.pod).toMatchObject({ status: "active", endsAt: pod.endsAt });
    expect(pod.endsAt).not.toBeNull();
    // The goal's own preference is kept as it was.
    expect(shown!.schedule.defaultSlots.map((s) => s.weekday)).toEqual([2, 4, 6]);
    expect(others).toHaveLength(2);
  });
});

describe("the catalog's target pod size", () => {
  it("lies between the minimum and the maximum", () => {
    const gym = { ...SprintType.parse({ ...baseSprint(), podSize: { min: 3, target: 4, max: 5 } }) };
    expect(gym.podSize.target).toBe(4);
    const wrong = SprintType.safeParse({ ...baseSprint(), podSize: { min: 3, target: 6, max: 5 } });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues.map((i) => i.path.join("."))).toContain("podSize.target");
  });

  it("defaults to 4 within the bounds for sprint types stored before it existed", async () => {
    const { p } = await podsPlatform();
    const item = (await p.store.get<Item & { sprintType: SprintType }>({ pk: "CATALOG", sk: "SPRINT#gym_3x_week" }))!;
    await p.store.put({ ...item, sprintType: { ...item.sprintType, podSize: { min: 3, max: 3 } } });
    forgetCatalog(p);
    expect((await getSprintType(p, "gym_3x_week")).podSize).toEqual({ min: 3, target: 3, max: 3 });
  });
});

function baseSprint() {
  return {
    id: "test_sprint",
    name: "Test",
    description: "",
    durationWeeks: 4,
    sessionsPerWeek: 3,
    sessionMinutes: 30,
    sessionsRequired: 12,
    deposit: { amountCents: 0, currency: "USD" },
    refundPolicy: { kind: "proportional", minimumSessions: 0, feePercent: 0 },
    proofMethods: ["note"],
    contentTrack: "t",
    locales: ["en"],
  };
}
