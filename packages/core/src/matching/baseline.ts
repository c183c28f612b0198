// The first-fit baseline that pod formation is measured against: each learner joins the first open pod they fit.
import { occupancyOf, WORDS } from "./bitset.js";
import { holdsSessions } from "./days.js";
import type { FormationOptionsInput, FormationResult, MatchingSignals } from "./model.js";
import { formByPool, parseFormationOptions } from "./outcome.js";
import type { Pool } from "./pool.js";

function firstFit(pool: Pool, minSize: number, maxSize: number): number[][] {
  const order = Array.from({ length: pool.n }, (_, i) => i).sort((a, b) => {
    const ja = pool.signals[a]!.joinedAt;
    const jb = pool.signals[b]!.joinedAt;
    return ja < jb ? -1 : ja > jb ? 1 : a - b;
  });
  const pods: { members: number[]; mask: Uint32Array }[] = [];
  let open: number[] = [];
  const common = new Uint32Array(WORDS);
  for (const u of order) {
    let joined = false;
    for (const p of open) {
      const pod = pods[p]!;
      for (let w = 0; w < WORDS; w++) common[w] = pod.mask[w]! & pool.start[u * WORDS + w]!;
      if (!holdsSessions(occupancyOf(common, 0), pool.sessions)) continue;
      pod.members.push(u);
      for (let w = 0; w < WORDS; w++) pod.mask[w]! &= pool.start[u * WORDS + w]!;
      joined = true;
      if (pod.members.length === maxSize) open = open.filter((q) => q !== p);
      break;
    }
    if (!joined) {
      open.push(pods.length);
      pods.push({ members: [u], mask: pool.start.slice(u * WORDS, (u + 1) * WORDS) });
    }
  }
  return pods.filter((p) => p.members.length >= minSize).map((p) => p.members);
}

/** First fit in waitlist order (joinedAt): join the first open pod sharing a slot, else open one; small pods dissolve. */
export function firstFitPods(
  snapshots: readonly MatchingSignals[],
  options: FormationOptionsInput = {},
): FormationResult {
  const opts = parseFormationOptions(options);
  return formByPool(snapshots, opts, (pool) => firstFit(pool, opts.minSize, opts.maxSize));
}
