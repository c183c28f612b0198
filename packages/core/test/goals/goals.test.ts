// Goals in the store: a learner creates, lists, edits and finishes their goals; nobody else can see them.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import { createGoal, type GoalInput, getGoal, listGoals, updateGoal } from "../../src/goals/index.js";
import type { AppError } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

const ada: Actor = { userId: "user-ada", role: "learner" };
const bob: Actor = { userId: "user-bob", role: "learner" };

const input = (over: Partial<GoalInput> = {}): GoalInput => ({
  sprintType: "gym_3x_week",
  title: "Lift three times a week",
  schedule: {
    timezone: "Europe/London",
    frequency: { sessionsPerWeek: 3 },
    defaultSlots: [
      { weekday: 1, time: "07:00", durationMinutes: 45 },
      { weekday: 3, time: "07:00", durationMinutes: 45 },
      { weekday: 5, time: "07:00", durationMinutes: 45 },
    ],
    backupSlot: { weekday: 6, time: "10:00", durationMinutes: 45 },
  },
  proofMethod: "workout_log",
  startDate: "2026-03-02",
  ...over,
});

async function setup() {
  const { platform: p } = await testPlatform();
  await seedCatalog(p);
  return p;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a failure"),
    (e: AppError) => e,
  );

describe("goals", () => {
  it("creates a goal that ends after the sprint's weeks, and lists the learner's goals newest first", async () => {
    const p = await setup();
    const first = await createGoal(p, ada, input());
    expect(first).toMatchObject({ status: "active", endDate: "2026-03-30", userId: ada.userId, description: "" });
    const second = await createGoal(p, ada, input({ title: "Mobility", status: "draft" }));
    await createGoal(p, bob, input({ title: "Bob's" }));

    const page = await listGoals(p, ada, { limit: 1 });
    expect(page.items.map((g) => g.id)).toEqual([second.id]);
    const rest = await listGoals(p, ada, { limit: 1, cursor: page.nextCursor });
    expect(rest.items.map((g) => g.id)).toEqual([first.id]);
    expect(rest.nextCursor).toBeNull();
  });

  it("keeps goals private: another learner's goal answers 404", async () => {
    const p = await setup();
    const goal = await createGoal(p, ada, input());
    expect((await failure(getGoal(p, bob, goal.id))).status).toBe(404);
    expect((await failure(updateGoal(p, bob, goal.id, { title: "mine now" }))).status).toBe(404);
  });

  it("edits the schedule and moves through allowed statuses; a finished goal no longer changes", async () => {
    const p = await setup();
    const goal = await createGoal(p, ada, input());
    const paused = await updateGoal(p, ada, goal.id, { status: "paused", title: "Lift (after the cold)" });
    expect(paused).toMatchObject({ status: "paused", title: "Lift (after the cold)" });
    const bad = await failure(updateGoal(p, ada, goal.id, { status: "completed" }));
    expect([bad.status, bad.code]).toEqual([409, "goal.invalid_transition"]);

    await updateGoal(p, ada, goal.id, { status: "active" });
    const done = await updateGoal(p, ada, goal.id, { status: "completed" });
    expect(done.status).toBe("completed");
    const closed = await failure(updateGoal(p, ada, goal.id, { title: "again" }));
    expect([closed.status, closed.code]).toEqual([409, "goal.closed"]);
    expect((await getGoal(p, ada, goal.id)).title).toBe("Lift (after the cold)");
  });

  it("rejects a proof method the sprint does not take, an unknown sprint, bad dates and bad schedules with 400", async () => {
    const p = await setup();
    const codes = await Promise.all([
      failure(createGoal(p, ada, input({ proofMethod: "code_artifact" }))),
      failure(createGoal(p, ada, input({ sprintType: "knitting" }))),
      failure(createGoal(p, ada, input({ endDate: "2026-03-01" }))),
      failure(createGoal(p, ada, input({ schedule: { ...input().schedule, timezone: "Nowhere/Land" } }))),
      failure(createGoal(p, ada, input({ title: "" }))),
    ]);
    expect(codes.map((e) => [e.status, e.code])).toEqual([
      [400, "goal.invalid_proof_method"],
      [400, "goal.unknown_sprint_type"],
      [400, "goal.invalid_dates"],
      [400, "goal.invalid_schedule"],
      [400, "validation.failed"],
    ]);
    expect((await listGoals(p, ada)).items).toEqual([]);
  });
});
