// The exact optimum of pod formation for tiny waitlists, by dynamic programming over subsets; a yardstick for benchmarks.
import { badRequest } from "../platform/errors.js";
import { occupancyOf, WORDS } from "./bitset.js";
import { pairOverall, podValue } from "./compatibility.js";
import { holdsSessions } from "./days.js";
import type { FormationOptionsInput, FormationResult, MatchingSignals } from "./model.js";
import { formByPool, parseFormationOptions } from "./outcome.js";
import type { Pool } from "./pool.js";

export const EXACT_LIMIT = 16;

/**
 * best[S] = the best total for the learners in set S. The lowest learner i of S either waits, or forms a pod
 * with a subset G of the rest (size minSize-1..maxSize-1, sharing a slot): best[S] = max(best[S∖i],
 * value({i}∪G) + best[S∖({i}∪G)]). Subsets are grown member by member and dropped once they cannot meet (no common
 * slot, or too few days of them for the week's sessions).
 */
function optimal(pool: Pool, minSize: number, maxSize: number, target: number): number[][] {
  const n = pool.n;
  if (n > EXACT_LIMIT) {
    throw badRequest(
      "matching.too_large_for_exact",
      `The exact solver takes at most ${EXACT_LIMIT} learners per pool.`,
    );
  }
  const score = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) score[i * n + j] = pairOverall(pool, i, j);
  const full = (1 << n) - 1;
  const best = new Float64Array(full + 1);
  const choice = new Int32Array(full + 1);
  const masks: Uint32Array[] = Array.from({ length: maxSize + 1 }, () => new Uint32Array(WORDS));

  for (let S = 1; S <= full; S++) {
    const i = 31 - Math.clz32(S & -S);
    let bestValue = best[S & ~(1 << i)]!;
    let bestGroup = 1 << i;
    const rest = S & ~(1 << i);
    masks[1]!.set(pool.start.subarray(i * WORDS, (i + 1) * WORDS));
    const members = [i];
    // Depth-first over subsets of `rest` in increasing member order, carrying the common slot mask and pair sum.
    const grow = (from: number, group: number, pairSum: number) => {
      const size = members.length;
      if (size >= minSize) {
        const v = podValue(pairSum, size, target) + best[S & ~group]!;
        if (v > bestValue) {
          bestValue = v;
          bestGroup = group;
        }
      }
      if (size === maxSize) return;
      for (let j = from; j < n; j++) {
        if (!(rest & (1 << j))) continue;
        const next = masks[size + 1]!;
        let any = 0;
        for (let w = 0; w < WORDS; w++) {
          next[w] = masks[size]![w]! & pool.start[j * WORDS + w]!;
          any |= next[w]!;
        }
        if (any === 0 || (pool.sessions > 1 && !holdsSessions(occupancyOf(next, 0), pool.sessions))) continue;
        let add = 0;
        for (const m of members) add += score[m * n + j]!;
        members.push(j);
        grow(j + 1, group | (1 << j), pairSum + add);
        members.pop();
      }
    };
    grow(i + 1, 1 << i, 0);
    best[S] = bestValue;
    choice[S] = bestGroup;
  }

  const pods: number[][] = [];
  let S = full;
  while (S !== 0) {
    const g = choice[S]!;
    if ((g & (g - 1)) !== 0) pods.push(Array.from({ length: n }, (_, j) => j).filter((j) => g & (1 << j)));
    S &= ~g;
  }
  return pods;
}

/** The best possible formation, for pools of at most 16 learners (throws `matching.too_large_for_exact` beyond). */
export function optimalPods(
  snapshots: readonly MatchingSignals[],
  options: FormationOptionsInput = {},
): FormationResult {
  const opts = parseFormationOptions(options);
  return formByPool(snapshots, opts, (pool) => optimal(pool, opts.minSize, opts.maxSize, opts.targetSize ?? 0));
}
