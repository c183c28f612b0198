// A learner's goals: create, list, read and change them, with status changes checked against the allowed ones.
import type { Actor } from "../access/index.js";
import { getSprintType, type SprintType } from "../catalog/index.js";
import {
  badRequest,
  conflict,
  defineEntity,
  type Item,
  isAppError,
  notFound,
  type Page,
  type Platform,
  parseInput,
} from "../platform/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { Goal, GoalInput, GoalPatch } from "./model.js";
import { addWeeks, assertTransition, assertValidDates, assertValidSchedule, isFinal } from "./rules.js";

type StoredGoal = Goal & Item;

/** Goals live in their owner's partition, so export, erasure and "my goals" are one Query. */
export const GoalRecord = defineEntity("Goal", {
  ofUser: {
    name: "A learner's goals, newest first",
    pk: "USER#<userId>",
    sk: { beginsWith: "GOAL#" },
    descending: true,
  },
  one: { name: "One goal", pk: "USER#<userId>", sk: "GOAL#<goalId>" },
});
const goalKey = (userId: string, goalId: string) => GoalRecord.key("one", { userId, goalId });

async function sprintTypeFor(p: Platform, id: string): Promise<SprintType> {
  try {
    return await getSprintType(p, id);
  } catch (e) {
    if (isAppError(e) && e.status === 404) {
      throw badRequest("goal.unknown_sprint_type", `No sprint type "${id}".`, {
        issues: [{ path: "sprintType", message: "not in the catalog" }],
      });
    }
    throw e;
  }
}

function assertProofMethod(sprintType: SprintType, method: string): void {
  if (!(sprintType.proofMethods as string[]).includes(method)) {
    throw badRequest(
      "goal.invalid_proof_method",
      `The ${sprintType.name} sprint takes ${sprintType.proofMethods.join(" or ")} as proof.`,
      {
        issues: [{ path: "proofMethod", message: `one of ${sprintType.proofMethods.join(", ")}` }],
      },
    );
  }
}

const toGoal = (s: StoredGoal): Goal => Goal.parse(s);

export async function createGoal(p: Platform, actor: Actor, input: GoalInput): Promise<Goal> {
  const data = parseInput(GoalInput, input, "goal");
  const { flagged } = screenText(p, { "goal.title": data.title, "goal.description": data.description });
  const sprintType = await sprintTypeFor(p, data.sprintType);
  assertProofMethod(sprintType, data.proofMethod);
  assertValidSchedule(data.schedule);
  const endDate = data.endDate ?? addWeeks(data.startDate, sprintType.durationWeeks);
  assertValidDates(data.startDate, endDate);
  const now = p.clock.now().toISOString();
  const goal: Goal = {
    id: p.ids.next(),
    userId: actor.userId,
    sprintType: sprintType.id,
    title: data.title,
    description: data.description,
    schedule: data.schedule,
    proofMethod: data.proofMethod,
    startDate: data.startDate,
    endDate,
    status: data.status,
    createdAt: now,
    updatedAt: now,
  };
  await p.store.put<StoredGoal>({ ...goalKey(actor.userId, goal.id), type: "Goal", ...goal }, { absent: true });
  for (const f of flagged) await flagContent(p, { ...f, ref: goal.id, userId: actor.userId });
  return goal;
}

/** The actor's goals, newest first. */
export async function listGoals(
  p: Platform,
  actor: Actor,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Page<Goal>> {
  const out = await p.store.query<StoredGoal>(
    GoalRecord.query("ofUser", { userId: actor.userId }, { limit: page.limit ?? 20, cursor: page.cursor ?? null }),
  );
  return { items: out.items.map(toGoal), nextCursor: out.nextCursor };
}

/** One of the actor's goals; another learner's goal answers 404 like a missing one. */
export async function getGoal(p: Platform, actor: Actor, goalId: string): Promise<Goal> {
  const stored = await p.store.get<StoredGoal>(goalKey(actor.userId, goalId));
  if (!stored) throw notFound("goal.not_found", "No such goal.");
  return toGoal(stored);
}

/**
 * Changes a goal. A finished goal (completed or abandoned) cannot change at all; a status change must be an
 * allowed transition (409 `goal.invalid_transition`). Optimistic: a concurrent change answers 409.
 */
export async function updateGoal(p: Platform, actor: Actor, goalId: string, patch: GoalPatch): Promise<Goal> {
  const changes = parseInput(GoalPatch, patch, "goal");
  const { flagged } = screenText(p, { "goal.title": changes.title, "goal.description": changes.description });
  const stored = await p.store.get<StoredGoal>(goalKey(actor.userId, goalId), { consistent: true });
  if (!stored) throw notFound("goal.not_found", "No such goal.");
  const current = toGoal(stored);
  if (isFinal(current.status)) {
    throw conflict("goal.closed", `The goal is ${current.status}; it can no longer change.`, {
      status: current.status,
    });
  }
  if (changes.status) assertTransition(current.status, changes.status);
  const next: Goal = {
    ...current,
    ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
    updatedAt: p.clock.now().toISOString(),
  };
  if (changes.proofMethod) assertProofMethod(await sprintTypeFor(p, current.sprintType), changes.proofMethod);
  if (changes.schedule) assertValidSchedule(next.schedule);
  if (changes.startDate || changes.endDate) assertValidDates(next.startDate, next.endDate);
  await p.store.put<StoredGoal>(
    { ...goalKey(actor.userId, goalId), type: "Goal", ...next, version: stored.version },
    { version: stored.version ?? 0 },
  );
  for (const f of flagged) await flagContent(p, { ...f, ref: goalId, userId: actor.userId });
  return next;
}

/** The weekly summary's goals part: the learner's active goals, by title. */
export async function goalsWeeklySummary(p: Platform, userId: string) {
  const goals = await p.store.queryAll<StoredGoal>(GoalRecord.query("ofUser", { userId }));
  const lines = goals.filter((g) => g.status === "active").map((g) => `${g.title} (${g.sprintType})`);
  return lines.length > 0 ? { title: "Your goals", lines } : undefined;
}
