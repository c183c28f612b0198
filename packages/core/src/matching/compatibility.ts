// Compatibility of two learners and of a group: four components in [0, 1] and their weighted sum (docs/matching.md).
import { badRequest } from "../platform/errors.js";
import { countCommonSparse, WORDS } from "./bitset.js";
import { CollaborationStyle, type CompatibilityScore, type MatchingSignals } from "./model.js";
import { compilePool, type Pool } from "./pool.js";
import { assertSnapshots } from "./signals.js";

/** Weights of the overall score; they add up to 1 so the overall stays in [0, 1]. */
export const COMPATIBILITY_WEIGHTS = {
  availabilityOverlap: 0.4,
  timezoneMatch: 0.2,
  experienceLevel: 0.2,
  collaborationStyle: 0.2,
} as const;

/**
 * How well two collaboration styles share a session (symmetric). Same style 1; the two focused styles
 * (structured, quiet) and the two loose ones (flexible, social) get on; a chatty and a silent member least.
 */
export const STYLE_AFFINITY: Record<CollaborationStyle, Record<CollaborationStyle, number>> = {
  structured: { structured: 1, flexible: 0.5, social: 0.4, quiet: 0.7 },
  flexible: { structured: 0.5, flexible: 1, social: 0.7, quiet: 0.5 },
  social: { structured: 0.4, flexible: 0.7, social: 1, quiet: 0.2 },
  quiet: { structured: 0.7, flexible: 0.5, social: 0.2, quiet: 1 },
};

const STYLES = CollaborationStyle.options;
const STYLE_TABLE = Float64Array.from(STYLES.flatMap((a) => STYLES.map((b) => STYLE_AFFINITY[a][b])));
const LEVEL_TABLE = Float64Array.from([0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => 1 - Math.abs(a - b) / 2)));
const W_OVERLAP = COMPATIBILITY_WEIGHTS.availabilityOverlap;
const W_TZ = COMPATIBILITY_WEIGHTS.timezoneMatch;
const W_LEVEL = COMPATIBILITY_WEIGHTS.experienceLevel;
const W_STYLE = COMPATIBILITY_WEIGHTS.collaborationStyle;

/** 1 for the same UTC offset, falling linearly to 0 at 12 hours apart (around the clock, so +14 and -10 are 0 h). */
export function timezoneMatch(offsetA: number, offsetB: number): number {
  let d = Math.abs(offsetA - offsetB) % 1440;
  if (d > 720) d = 1440 - d;
  return 1 - d / 720;
}

/** Shared 15-minute slots over the smaller availability: 1 when one learner's week fits inside the other's. */
function overlapOf(pool: Pool, i: number, j: number): number {
  const smaller = Math.min(pool.availCount[i]!, pool.availCount[j]!);
  if (smaller === 0) return 0;
  return (
    countCommonSparse(pool.avail, i * WORDS, pool.availOcc[i]!, pool.avail, j * WORDS, pool.availOcc[j]!) / smaller
  );
}

/** The overall pair score, on the hot path of pod formation. */
export function pairOverall(pool: Pool, i: number, j: number): number {
  return (
    W_OVERLAP * overlapOf(pool, i, j) +
    W_TZ * timezoneMatch(pool.offset[i]!, pool.offset[j]!) +
    W_LEVEL * LEVEL_TABLE[pool.level[i]! * 3 + pool.level[j]!]! +
    W_STYLE * STYLE_TABLE[pool.style[i]! * 4 + pool.style[j]!]!
  );
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

function combine(c: Omit<CompatibilityScore, "overall">): CompatibilityScore {
  const overall =
    W_OVERLAP * c.availabilityOverlap +
    W_TZ * c.timezoneMatch +
    W_LEVEL * c.experienceLevel +
    W_STYLE * c.collaborationStyle;
  return {
    overall: round(overall),
    timezoneMatch: round(c.timezoneMatch),
    experienceLevel: round(c.experienceLevel),
    collaborationStyle: round(c.collaborationStyle),
    availabilityOverlap: round(c.availabilityOverlap),
  };
}

function componentsOf(pool: Pool, i: number, j: number) {
  return {
    availabilityOverlap: overlapOf(pool, i, j),
    timezoneMatch: timezoneMatch(pool.offset[i]!, pool.offset[j]!),
    experienceLevel: LEVEL_TABLE[pool.level[i]! * 3 + pool.level[j]!]!,
    collaborationStyle: STYLE_TABLE[pool.style[i]! * 4 + pool.style[j]!]!,
  };
}

export const pairScore = (pool: Pool, i: number, j: number): CompatibilityScore => combine(componentsOf(pool, i, j));

/** A group's score: each component is the mean of that component over every pair in the group. */
export function groupScore(pool: Pool, members: readonly number[]): CompatibilityScore {
  const sum = { availabilityOverlap: 0, timezoneMatch: 0, experienceLevel: 0, collaborationStyle: 0 };
  let pairs = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const c = componentsOf(pool, members[x]!, members[y]!);
      sum.availabilityOverlap += c.availabilityOverlap;
      sum.timezoneMatch += c.timezoneMatch;
      sum.experienceLevel += c.experienceLevel;
      sum.collaborationStyle += c.collaborationStyle;
      pairs++;
    }
  }
  return combine({
    availabilityOverlap: sum.availabilityOverlap / pairs,
    timezoneMatch: sum.timezoneMatch / pairs,
    experienceLevel: sum.experienceLevel / pairs,
    collaborationStyle: sum.collaborationStyle / pairs,
  });
}

/** Compatibility of two learners' snapshots (same reference week). */
export function compatibility(a: MatchingSignals, b: MatchingSignals): CompatibilityScore {
  return groupCompatibility([a, b]);
}

/**
 * Compatibility of a group of learners: symmetric in its members and within [0, 1]. Throws AppError 400
 * `matching.invalid_group` for fewer than two members.
 */
export function groupCompatibility(members: readonly MatchingSignals[]): CompatibilityScore {
  if (members.length < 2) throw badRequest("matching.invalid_group", "A group needs at least two members.");
  assertSnapshots(members);
  // A fixed order makes the floating-point sums, and so the rounded result, independent of the caller's order.
  const sorted = [...members].sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0));
  // The session length does not enter the scores; 15 minutes is the cheapest to compile.
  const pool = compilePool(sorted, 15);
  return groupScore(
    pool,
    members.map((_, i) => i),
  );
}

/**
 * What the objective loses per member a pod is above or below the target size: enough that, at equal scores,
 * 4 + 4 beats 3 + 5 and a pod of 3 grows to 4, small enough that placing one more learner (who adds their mean
 * score, typically 0.6–1) always beats leaving them waiting to keep a pod at the target.
 */
export const SIZE_PENALTY = 0.2;

/**
 * A pod's value in the objective: members × their mean pair score = 2 Σpairs / (size − 1), less SIZE_PENALTY per
 * member off the target (`target` 0: none). Formation maximises the sum over pods.
 */
export function podValue(pairSum: number, size: number, target: number): number {
  if (size < 2) return 0;
  const value = (2 * pairSum) / (size - 1);
  return target > 0 ? value - SIZE_PENALTY * Math.abs(size - target) : value;
}
