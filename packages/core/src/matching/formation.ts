// Pod formation for a sprint type's waitlist: pods of minSize..maxSize with common weekly slots, maximising compatibility.
import type { FormationOptionsInput, FormationResult, MatchingSignals } from "./model.js";
import { formByPool, parseFormationOptions } from "./outcome.js";
import { searchPods } from "./search.js";

/** Partners kept per learner: all of them in small pools, where it is cheap and finds the best pods. */
function neighboursFor(n: number): number {
  if (n <= 300) return n - 1;
  if (n <= 1_500) return 24;
  return 10;
}

/** Independent runs per pool when the caller does not say: many for small pools, one for big ones. */
function restartsFor(n: number): number {
  if (n <= 100) return 32;
  if (n <= 1_000) return 8;
  if (n <= 5_000) return 2;
  return 1;
}

/**
 * Partitions the waitlist (snapshots of one reference week) into pods. Hard constraints: one language per pod,
 * and `sessionsPerWeek` weekly slots of `sessionMinutes` on different days, each inside every member's
 * availability. Objective: the sum over matched learners of their mean compatibility with their pod-mates, less
 * SIZE_PENALTY per member a pod is off `targetSize`. Rematched (priority) learners are placed first.
 * Deterministic for a given waitlist and seed, whatever the order of the input.
 *
 * Throws AppError 400 `matching.invalid_options` (e.g. a pod size outside 2..12) or `matching.invalid_signals`.
 */
export function formPods(snapshots: readonly MatchingSignals[], options: FormationOptionsInput = {}): FormationResult {
  const opts = parseFormationOptions(options);
  return formByPool(snapshots, opts, (pool) =>
    searchPods(pool, {
      minSize: opts.minSize,
      maxSize: opts.maxSize,
      seed: opts.seed,
      restarts: opts.restarts ?? restartsFor(pool.n),
      maxPasses: opts.maxPasses,
      neighbours: neighboursFor(pool.n),
      targetSize: opts.targetSize ?? 0,
    }),
  );
}
