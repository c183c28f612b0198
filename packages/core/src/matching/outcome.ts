// Turns a partition of language pools into the formation result: pods with slots and scores, the rest with a reason.

import { badRequest } from "../platform/errors.js";
import { z } from "../platform/schema.js";
import { occupancyOf, setBits, WORDS } from "./bitset.js";
import { groupScore, pairOverall, pairScore, podValue } from "./compatibility.js";
import { holdsSessions } from "./days.js";
import {
  type FormationOptions,
  type FormationOptionsInput,
  FormationOptions as FormationOptionsSchema,
  type FormationResult,
  type FormedPod,
  type MatchingSignals,
  type StillWaiting,
  type WaitlistReason,
} from "./model.js";
import { compilePool, type Pool } from "./pool.js";
import { assertSnapshots, languageOf } from "./signals.js";
import { chooseSlots, commonStartMask } from "./slots.js";
import { SLOTS_PER_WEEK } from "./week.js";

export function parseFormationOptions(input: FormationOptionsInput): FormationOptions {
  const parsed = FormationOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest("matching.invalid_options", z.prettifyError(parsed.error), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  return parsed.data;
}

const byUserId = (a: MatchingSignals, b: MatchingSignals) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/**
 * Checks the input and splits it into language pools, each in userId order so that results depend on the
 * waitlist's content and the seed, never on the order it was read in.
 */
export function languagePools(snapshots: readonly MatchingSignals[]): [string, MatchingSignals[]][] {
  assertSnapshots(snapshots);
  const pools = new Map<string, MatchingSignals[]>();
  for (const s of [...snapshots].sort(byUserId)) {
    const lang = languageOf(s.locale);
    let list = pools.get(lang);
    if (!list) {
      list = [];
      pools.set(lang, list);
    }
    list.push(s);
  }
  return [...pools.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface PoolOutcome {
  pods: FormedPod[];
  waiting: StillWaiting[];
  total: number;
  objective: number;
  targetSized: number;
}

/** Why each learner not in a pod is still waiting; see WaitlistReason. */
function reasons(pool: Pool, unplaced: number[], minSize: number): StillWaiting[] {
  if (pool.n < minSize) {
    return unplaced.map((i) => ({ userId: pool.signals[i]!.userId, reason: "locale_pool_too_small" }));
  }
  // One session a week: a pod is possible for u iff some slot u can start a session in is startable for ≥ minSize
  // learners. Several: u's slots that enough others share must span as many days (necessary, not sufficient).
  const perSlot = new Int32Array(SLOTS_PER_WEEK);
  for (let i = 0; i < pool.n; i++) for (const s of setBits(pool.start, i * WORDS)) perSlot[s]!++;
  const shared = new Uint32Array(WORDS);
  return unplaced.map((i) => {
    let reason: WaitlistReason;
    if (!holdsSessions(pool.startOcc[i]!, pool.sessions)) {
      reason = pool.sessions === 1 ? "no_common_slot" : "too_few_days";
    } else {
      shared.fill(0);
      for (const s of setBits(pool.start, i * WORDS)) if (perSlot[s]! >= minSize) shared[s >>> 5]! |= 1 << (s & 31);
      reason = holdsSessions(occupancyOf(shared, 0), pool.sessions) ? "not_enough_candidates" : "no_common_slot";
    }
    return { userId: pool.signals[i]!.userId, reason };
  });
}

/** Describes one pool's pods (lists of pool indices, each with its common slots) and its unplaced learners. */
export function describePool(
  pool: Pool,
  groups: readonly (readonly number[])[],
  options: Pick<FormationOptions, "minSize" | "targetSize">,
): PoolOutcome {
  const target = options.targetSize ?? 0;
  const placed = new Uint8Array(pool.n);
  const pods: FormedPod[] = [];
  let total = 0;
  let objective = 0;
  let targetSized = 0;
  for (const group of groups) {
    const members = [...group].sort((a, b) => a - b);
    const slots = chooseSlots(pool, members, commonStartMask(pool, members), pool.sessions);
    if (!slots) throw new Error("matching: a pod was formed without its common slots");
    let sum = 0;
    const pairwise: FormedPod["pairwise"] = [];
    for (let x = 0; x < members.length; x++) {
      placed[members[x]!] = 1;
      for (let y = x + 1; y < members.length; y++) {
        sum += pairOverall(pool, members[x]!, members[y]!);
        pairwise.push({
          a: pool.signals[members[x]!]!.userId,
          b: pool.signals[members[y]!]!.userId,
          score: pairScore(pool, members[x]!, members[y]!),
        });
      }
    }
    total += podValue(sum, members.length, 0);
    objective += podValue(sum, members.length, target);
    if (members.length === target) targetSized++;
    pods.push({
      members: members.map((m) => pool.signals[m]!.userId),
      slots,
      slot: slots[0]!,
      score: groupScore(pool, members),
      pairwise,
    });
  }
  const unplaced: number[] = [];
  for (let i = 0; i < pool.n; i++) if (!placed[i]) unplaced.push(i);
  return { pods, waiting: reasons(pool, unplaced, options.minSize), total, objective, targetSized };
}

/** Runs `solve` on every language pool and assembles the result with its stats. */
export function formByPool(
  snapshots: readonly MatchingSignals[],
  options: FormationOptions,
  solve: (pool: Pool) => number[][],
): FormationResult {
  const pods: FormedPod[] = [];
  const waiting: StillWaiting[] = [];
  let total = 0;
  let objective = 0;
  let targetSized = 0;
  for (const [, members] of languagePools(snapshots)) {
    const pool = compilePool(members, options.sessionMinutes, options.sessionsPerWeek);
    const groups = pool.n < options.minSize ? [] : solve(pool);
    const outcome = describePool(pool, groups, options);
    // Not push(...): a pool of a million forms a quarter of a million pods, more arguments than a call takes.
    for (const pod of outcome.pods) pods.push(pod);
    for (const w of outcome.waiting) waiting.push(w);
    total += outcome.total;
    objective += outcome.objective;
    targetSized += outcome.targetSized;
  }
  pods.sort((a, b) => (a.members[0]! < b.members[0]! ? -1 : 1));
  waiting.sort((a, b) => (a.userId < b.userId ? -1 : 1));
  const matched = snapshots.length - waiting.length;
  return {
    pods,
    waiting,
    stats: {
      waitlisted: snapshots.length,
      matched,
      pods: pods.length,
      totalScore: total,
      objective,
      targetSized,
      meanScore: matched === 0 ? 0 : total / matched,
    },
  };
}
