// Pod formation inside one language pool: greedy seeding, repair of the left-over, then local search by moves and swaps.
import { seededRandom } from "../platform/ids.js";
import { intersectsSparse, occupancyOf, WORDS } from "./bitset.js";
import { buildNeighbours, type Neighbours, reverseNeighbours } from "./candidates.js";
import { pairOverall, podValue } from "./compatibility.js";
import { commonOccupancy, holdsSessions } from "./days.js";
import type { Pool } from "./pool.js";

export interface SearchOptions {
  minSize: number;
  maxSize: number;
  seed: number;
  restarts: number;
  maxPasses: number;
  /** Partners kept per learner; more finds better pods, costs linearly. */
  neighbours: number;
  /** The preferred pod size (0: none); see SIZE_PENALTY. */
  targetSize: number;
}

/** Improvements smaller than this are rounding noise, and accepting them could loop. */
const EPS = 1e-9;

/** The mutable partition of a pool into pods and the unassigned. */
class Partition {
  readonly podOf: Int32Array;
  readonly members: Int32Array;
  readonly size: Int32Array;
  readonly mask: Uint32Array;
  /** Occupancy (non-zero words) of each pod's mask. */
  readonly occ: Int32Array;
  readonly sum: Float64Array;
  /** Per learner: Σ of their pair scores with their pod-mates. */
  readonly inSum: Float64Array;
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    readonly pool: Pool,
    readonly maxSize: number,
    readonly target: number,
    capacity: number,
  ) {
    this.podOf = new Int32Array(pool.n).fill(-1);
    this.members = new Int32Array(capacity * maxSize);
    this.size = new Int32Array(capacity);
    this.mask = new Uint32Array(capacity * WORDS);
    this.occ = new Int32Array(capacity);
    this.sum = new Float64Array(capacity);
    this.inSum = new Float64Array(pool.n);
  }

  value(p: number): number {
    return podValue(this.sum[p]!, this.size[p]!, this.target);
  }

  newPod(): number {
    const p = this.free.pop() ?? this.used++;
    this.size[p] = 0;
    this.sum[p] = 0;
    this.mask.fill(0xffffffff, p * WORDS, (p + 1) * WORDS);
    this.occ[p] = ALL_WORDS;
    return p;
  }

  add(p: number, u: number): void {
    const { pool, members } = this;
    const base = p * this.maxSize;
    let su = 0;
    for (let x = 0; x < this.size[p]!; x++) {
      const m = members[base + x]!;
      const s = pairOverall(pool, u, m);
      this.inSum[m]! += s;
      su += s;
    }
    members[base + this.size[p]!] = u;
    this.size[p]!++;
    this.sum[p]! += su;
    this.inSum[u] = su;
    this.podOf[u] = p;
    for (let w = 0; w < WORDS; w++) this.mask[p * WORDS + w]! &= pool.start[u * WORDS + w]!;
    this.occ[p] = occupancyOf(this.mask, p * WORDS);
  }

  remove(u: number): void {
    const { pool, members } = this;
    const p = this.podOf[u]!;
    const base = p * this.maxSize;
    const size = this.size[p]!;
    let at = -1;
    for (let x = 0; x < size; x++) {
      const m = members[base + x]!;
      if (m === u) {
        at = x;
        continue;
      }
      this.inSum[m]! -= pairOverall(pool, u, m);
    }
    members[base + at] = members[base + size - 1]!;
    this.size[p] = size - 1;
    this.sum[p]! -= this.inSum[u]!;
    this.inSum[u] = 0;
    this.podOf[u] = -1;
    this.mask.fill(0xffffffff, p * WORDS, (p + 1) * WORDS);
    for (let x = 0; x < size - 1; x++) {
      const m = members[base + x]!;
      for (let w = 0; w < WORDS; w++) this.mask[p * WORDS + w]! &= pool.start[m * WORDS + w]!;
    }
    this.occ[p] = occupancyOf(this.mask, p * WORDS);
    if (size - 1 === 0) this.free.push(p);
  }

  dissolve(p: number): void {
    while (this.size[p]! > 0) this.remove(this.members[p * this.maxSize]!);
  }

  /** AND of the startable slots of pod p's members other than `except`; returns its occupancy. */
  maskWithout(p: number, except: number, out: Uint32Array): number {
    out.fill(0xffffffff);
    const base = p * this.maxSize;
    for (let x = 0; x < this.size[p]!; x++) {
      const m = this.members[base + x]!;
      if (m === except) continue;
      for (let w = 0; w < WORDS; w++) out[w]! &= this.pool.start[m * WORDS + w]!;
    }
    return occupancyOf(out, 0);
  }

  pods(): number[][] {
    const out: number[][] = [];
    for (let p = 0; p < this.used; p++) {
      if (this.size[p]! === 0) continue;
      out.push(Array.from(this.members.subarray(p * this.maxSize, p * this.maxSize + this.size[p]!)));
    }
    return out;
  }

  /** Pod ids handed out so far (some may be empty). */
  get count(): number {
    return this.used;
  }

  total(): number {
    let t = 0;
    for (let p = 0; p < this.used; p++) t += this.value(p);
    return t;
  }
}

const ALL_WORDS = (1 << WORDS) - 1;

/** Earlier `prioritySince` first; learners without priority (+∞) compare equal among themselves. */
const priorityOrder = (pool: Pool, a: number, b: number): number => {
  const pa = pool.priority[a]!;
  const pb = pool.priority[b]!;
  return pa < pb ? -1 : pa > pb ? 1 : 0;
};
const hasPriority = (pool: Pool, u: number): boolean => pool.priority[u]! !== Number.POSITIVE_INFINITY;

/**
 * Whether learner u and the slots of `mask` (whose occupancy is `occ`) have the week's sessions in common: a slot,
 * or as many as the sprint has sessions on different days.
 */
const fits = (mask: Uint32Array, maskAt: number, occ: number, pool: Pool, u: number): boolean =>
  pool.sessions === 1
    ? intersectsSparse(mask, maskAt, occ, pool.start, u * WORDS, pool.startOcc[u]!)
    : holdsSessions(commonOccupancy(mask, maskAt, occ, pool.start, u * WORDS, pool.startOcc[u]!), pool.sessions);

/** One independent run: greedy seeding, then repair and local search until nothing improves. */
class Run {
  private readonly part: Partition;
  private readonly rng: () => number;
  private readonly n: number;
  private readonly candMark: Int32Array;
  private readonly candGain: Float64Array;
  private readonly memberMark: Int32Array;
  private stamp = 0;
  private readonly scratch = new Uint32Array(WORDS);
  private readonly scratch2 = new Uint32Array(WORDS);
  /** Learners to look at in the next local-search pass. */
  private readonly active: Uint8Array;
  /** Each learner's best partner score, an upper bound on any of their pair scores (exact for exhaustive lists). */
  private readonly best1: Float64Array;
  /** The pod being built by the greedy, and its candidates. */
  private building: number[] = [];
  private cands: number[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly nb: Neighbours,
    private readonly rev: { start: Int32Array; idx: Int32Array },
    private readonly opts: SearchOptions,
    seed: number,
    private readonly randomised: boolean,
  ) {
    this.n = pool.n;
    this.rng = seededRandom(seed);
    this.part = new Partition(pool, opts.maxSize, opts.targetSize, Math.floor(pool.n / opts.minSize) + 2);
    this.candMark = new Int32Array(this.n);
    this.candGain = new Float64Array(this.n);
    this.memberMark = new Int32Array(this.n);
    this.active = new Uint8Array(this.n).fill(1);
    this.best1 = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) this.best1[i] = nb.idx[i * nb.k]! >= 0 ? nb.score[i * nb.k]! : 0;
  }

  solve(): Partition {
    this.greedy();
    this.repair();
    for (let pass = 0; pass < this.opts.maxPasses; pass++) {
      const moved = this.localSearchPass();
      const dissolved = this.dissolvePass();
      const repaired = this.repair();
      if (!moved && !dissolved && !repaired) break;
    }
    return this.part;
  }

  /** Priority learners first (oldest first), then the most constrained (fewest startable slots). */
  private seedOrder(): Int32Array {
    const { pool } = this;
    const tie = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) tie[i] = this.rng();
    return Int32Array.from({ length: this.n }, (_, i) => i).sort(
      (a, b) =>
        priorityOrder(pool, a, b) ||
        (this.randomised ? 0 : pool.startCount[a]! - pool.startCount[b]!) ||
        tie[a]! - tie[b]!,
    );
  }

  private addCandidates(of: number): void {
    const { nb, part } = this;
    const stamp = this.stamp;
    for (let p = of * nb.k; p < (of + 1) * nb.k; p++) {
      const c = nb.idx[p]!;
      if (c < 0) break;
      if (this.candMark[c] === stamp || this.memberMark[c] === stamp || part.podOf[c]! >= 0) continue;
      this.candMark[c] = stamp;
      this.cands.push(c);
      let g = 0;
      for (const m of this.building) g += pairOverall(this.pool, c, m);
      this.candGain[c] = g;
    }
  }

  /**
   * Builds tight pods of the target size (minSize without one) around seeds, adding from the members' partner lists
   * whoever adds the most score while the group can still meet. A seed's pod stops short of it when no partner
   * fits, and is kept from minSize. Pods grow to maxSize later, when the local search finds that worth it: filling
   * pods to maxSize up front packs looser pods, and the objective prefers tight ones.
   */
  private greedy(): void {
    const { part, pool, opts } = this;
    const mask = this.scratch;
    for (const seed of this.seedOrder()) {
      if (part.podOf[seed]! >= 0) continue;
      this.stamp++;
      const stamp = this.stamp;
      this.building = [seed];
      this.memberMark[seed] = stamp;
      this.cands = [];
      mask.set(pool.start.subarray(seed * WORDS, (seed + 1) * WORDS));
      let occ = pool.startOcc[seed]!;
      this.addCandidates(seed);
      while (this.building.length < (opts.targetSize || opts.minSize)) {
        let best = -1;
        let bestGain = Number.NEGATIVE_INFINITY;
        for (const c of this.cands) {
          if (this.memberMark[c] === stamp || !fits(mask, 0, occ, pool, c)) continue;
          const g = this.randomised ? this.candGain[c]! * (0.9 + 0.2 * this.rng()) : this.candGain[c]!;
          if (g > bestGain) {
            bestGain = g;
            best = c;
          }
        }
        if (best < 0) break;
        this.building.push(best);
        this.memberMark[best] = stamp;
        for (let w = 0; w < WORDS; w++) mask[w]! &= pool.start[best * WORDS + w]!;
        occ = occupancyOf(mask, 0);
        for (const c of this.cands) if (this.memberMark[c] !== stamp) this.candGain[c]! += pairOverall(pool, c, best);
        this.addCandidates(best);
      }
      if (this.building.length >= opts.minSize) {
        const p = part.newPod();
        for (const m of this.building) part.add(p, m);
      }
    }
  }

  /**
   * Gives the unassigned a pod: a new one from other unassigned learners and spare members of pods above the
   * minimum size, when that raises the total (always, for priority learners); else a priority learner takes
   * the place of a non-priority member.
   */
  private repair(): boolean {
    const { part, pool, opts, nb } = this;
    let changed = false;
    const waiting: number[] = [];
    for (let i = 0; i < this.n; i++) if (part.podOf[i]! < 0) waiting.push(i);
    waiting.sort((a, b) => priorityOrder(pool, a, b) || a - b);
    for (const u of waiting) {
      if (part.podOf[u]! >= 0) continue;
      if (this.recruit(u)) {
        changed = true;
        continue;
      }
      if (!hasPriority(pool, u)) continue;
      // A rematched learner is placed first: they may take a non-priority learner's seat.
      let bestDelta = Number.NEGATIVE_INFINITY;
      let bestV = -1;
      for (let q = u * nb.k; q < (u + 1) * nb.k; q++) {
        const j = nb.idx[q]!;
        if (j < 0) break;
        const B = part.podOf[j]!;
        if (B < 0) continue;
        for (let x = 0; x < part.size[B]!; x++) {
          const v = part.members[B * opts.maxSize + x]!;
          if (hasPriority(pool, v)) continue;
          const occB = part.maskWithout(B, v, this.scratch2);
          if (!fits(this.scratch2, 0, occB, pool, u)) continue;
          let sum = part.sum[B]! - part.inSum[v]!;
          for (let y = 0; y < part.size[B]!; y++) {
            const b = part.members[B * opts.maxSize + y]!;
            if (b !== v) sum += pairOverall(pool, u, b);
          }
          const delta = podValue(sum, part.size[B]!, this.opts.targetSize) - part.value(B);
          if (delta > bestDelta) {
            bestDelta = delta;
            bestV = v;
          }
        }
      }
      if (bestV >= 0) {
        const B = part.podOf[bestV]!;
        part.remove(bestV);
        part.add(B, u);
        this.touch(B);
        changed = true;
      }
    }
    return changed;
  }

  /** Tries to build a new pod around unassigned `u`; commits only if the total score rises (or u has priority). */
  private recruit(u: number): boolean {
    const { part, pool, opts, nb } = this;
    this.stamp++;
    const stamp = this.stamp;
    const mask = this.scratch;
    mask.set(pool.start.subarray(u * WORDS, (u + 1) * WORDS));
    let occ = pool.startOcc[u]!;
    const group = [u];
    this.memberMark[u] = stamp;
    const taken = new Map<number, number>();
    const cands: number[] = [];
    const pushFrom = (of: number) => {
      for (let q = of * nb.k; q < (of + 1) * nb.k; q++) {
        const c = nb.idx[q]!;
        if (c < 0) break;
        if (this.candMark[c] === stamp || this.memberMark[c] === stamp) continue;
        this.candMark[c] = stamp;
        cands.push(c);
      }
    };
    pushFrom(u);
    while (group.length < opts.minSize) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const c of cands) {
        if (this.memberMark[c] === stamp || !fits(mask, 0, occ, pool, c)) continue;
        const P = part.podOf[c]!;
        let loss = 0;
        if (P >= 0) {
          const left = part.size[P]! - (taken.get(P) ?? 0);
          if (left <= opts.minSize) continue;
          loss = part.value(P) - podValue(part.sum[P]! - part.inSum[c]!, part.size[P]! - 1, this.opts.targetSize);
        }
        let g = 0;
        for (const m of group) g += pairOverall(pool, c, m);
        const score = g / group.length - loss;
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (best < 0) return false;
      group.push(best);
      this.memberMark[best] = stamp;
      const P = part.podOf[best]!;
      if (P >= 0) taken.set(P, (taken.get(P) ?? 0) + 1);
      for (let w = 0; w < WORDS; w++) mask[w]! &= pool.start[best * WORDS + w]!;
      occ = occupancyOf(mask, 0);
      pushFrom(best);
    }
    // Exact change of the total: the new pod's value minus what the donor pods lose.
    let newSum = 0;
    for (let x = 0; x < group.length; x++)
      for (let y = x + 1; y < group.length; y++) newSum += pairOverall(pool, group[x]!, group[y]!);
    let delta = podValue(newSum, group.length, this.opts.targetSize);
    for (const P of taken.keys()) {
      let sum = part.sum[P]!;
      let size = part.size[P]!;
      const leaving = group.filter((g) => part.podOf[g] === P);
      for (const g of leaving) sum -= part.inSum[g]!;
      for (let a = 0; a < leaving.length; a++)
        for (let b = a + 1; b < leaving.length; b++) sum += pairOverall(pool, leaving[a]!, leaving[b]!);
      size -= leaving.length;
      delta += podValue(sum, size, this.opts.targetSize) - part.value(P);
    }
    if (delta <= EPS && !hasPriority(pool, u)) return false;
    for (const g of group) {
      const P = part.podOf[g]!;
      if (P >= 0) {
        part.remove(g);
        this.touch(P);
      }
    }
    const p = part.newPod();
    for (const g of group) part.add(p, g);
    this.touch(p);
    return true;
  }

  /**
   * Pods below the target size can only grow from a pod above the minimum, which moves alone never reach once
   * every pod is at the minimum: here a pod below the target is dissolved when each of its members can join a
   * partner's pod with room (with the members placed before them) and the total rises. At equal scores three pods
   * of 3 and one more learner become three pods of 4; nine learners in three pods of 3 become 4 + 5.
   */
  private dissolvePass(): boolean {
    const { part, pool, nb, opts } = this;
    const target = opts.targetSize;
    if (target <= opts.minSize) return false;
    const maxSize = opts.maxSize;
    let changed = false;
    const plan: [number, number][] = [];
    // Per receiving pod: the members planned into it, the pair sum they add, and its mask with them.
    const planned = new Map<number, { members: number[]; sum: number; mask: Uint32Array; occ: number }>();
    for (let P = 0; P < part.count; P++) {
      const size = part.size[P]!;
      if (size === 0 || size >= target) continue;
      const members = Array.from(part.members.subarray(P * maxSize, P * maxSize + size));
      let delta = -part.value(P);
      plan.length = 0;
      planned.clear();
      for (const u of members) {
        let bestB = -1;
        let bestGain = Number.NEGATIVE_INFINITY;
        let bestAdd = 0;
        for (let q = u * nb.k; q < (u + 1) * nb.k; q++) {
          const j = nb.idx[q]!;
          if (j < 0) break;
          const B = part.podOf[j]!;
          if (B < 0 || B === P) continue;
          const extra = planned.get(B);
          const sizeB = part.size[B]! + (extra?.members.length ?? 0);
          if (sizeB >= maxSize) continue;
          if (extra ? !fits(extra.mask, 0, extra.occ, pool, u) : !fits(part.mask, B * WORDS, part.occ[B]!, pool, u))
            continue;
          let add = 0;
          for (let x = 0; x < part.size[B]!; x++) add += pairOverall(pool, u, part.members[B * maxSize + x]!);
          if (extra) for (const m of extra.members) add += pairOverall(pool, u, m);
          const before = part.sum[B]! + (extra?.sum ?? 0);
          const gain = podValue(before + add, sizeB + 1, target) - podValue(before, sizeB, target);
          if (gain > bestGain) {
            bestGain = gain;
            bestB = B;
            bestAdd = add;
          }
        }
        if (bestB < 0) {
          delta = Number.NEGATIVE_INFINITY;
          break;
        }
        let extra = planned.get(bestB);
        if (!extra) {
          extra = { members: [], sum: 0, mask: part.mask.slice(bestB * WORDS, (bestB + 1) * WORDS), occ: 0 };
          planned.set(bestB, extra);
        }
        extra.members.push(u);
        extra.sum += bestAdd;
        for (let w = 0; w < WORDS; w++) extra.mask[w]! &= pool.start[u * WORDS + w]!;
        extra.occ = occupancyOf(extra.mask, 0);
        plan.push([u, bestB]);
        delta += bestGain;
      }
      if (delta <= EPS) continue;
      part.dissolve(P);
      for (const [u, B] of plan) {
        part.add(B, u);
        this.touch(B);
      }
      changed = true;
    }
    return changed;
  }

  /** Marks a pod's members, and everyone listing them as a partner, for another look in the next pass. */
  private touch(p: number): void {
    const { part, rev } = this;
    for (let x = 0; x < part.size[p]!; x++) {
      const m = part.members[p * this.opts.maxSize + x]!;
      this.active[m] = 1;
      for (let q = rev.start[m]!; q < rev.start[m + 1]!; q++) this.active[rev.idx[q]!] = 1;
    }
  }

  private touchMembers(p: number): void {
    for (let x = 0; x < this.part.size[p]!; x++) this.active[this.part.members[p * this.opts.maxSize + x]!] = 1;
  }

  private touchLearner(m: number): void {
    const { rev } = this;
    this.active[m] = 1;
    for (let q = rev.start[m]!; q < rev.start[m + 1]!; q++) this.active[rev.idx[q]!] = 1;
  }

  /**
   * One pass over the active learners in random order. For each, the best of: moving into a neighbour's pod,
   * swapping with a member of it, or (if unassigned) taking a member's seat. Applies it if it raises the total.
   */
  private localSearchPass(): boolean {
    const { part, pool, nb, opts } = this;
    const maxSize = opts.maxSize;
    const order = Int32Array.from({ length: this.n }, (_, i) => i);
    for (let i = this.n - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    const seenPod = new Int32Array(part.size.length).fill(-1);
    const maskA = this.scratch;
    const maskB = this.scratch2;
    const sUB = new Float64Array(maxSize);
    const best1 = this.best1;
    let improved = false;
    for (const u of order) {
      if (!this.active[u]) continue;
      this.active[u] = 0;
      const A = part.podOf[u]!;
      const sizeA = A >= 0 ? part.size[A]! : 0;
      const valA = A >= 0 ? part.value(A) : 0;
      const sAu = part.inSum[u]!;
      const occA = A >= 0 ? part.maskWithout(A, u, maskA) : 0;
      const uPriority = hasPriority(pool, u);
      let bestDelta = EPS;
      let bestB = -1;
      let bestV = -1;
      for (let q = u * nb.k; q < (u + 1) * nb.k; q++) {
        const j = nb.idx[q]!;
        if (j < 0) break;
        const B = part.podOf[j]!;
        if (B < 0 || B === A || seenPod[B] === u) continue;
        seenPod[B] = u;
        const sizeB = part.size[B]!;
        const canMove =
          sizeB < maxSize && (A < 0 || sizeA > opts.minSize) && fits(part.mask, B * WORDS, part.occ[B]!, pool, u);
        if (!canMove && A >= 0) {
          // Nothing to do in B unless one of its members could take u's place in A: skip the pair scores.
          let anySwap = false;
          for (let x = 0; x < sizeB && !anySwap; x++)
            anySwap = fits(maskA, 0, occA, pool, part.members[B * maxSize + x]!);
          if (!anySwap) continue;
        }
        const valB = part.value(B);
        let sBu = 0;
        for (let x = 0; x < sizeB; x++) {
          const s = pairOverall(pool, u, part.members[B * maxSize + x]!);
          sUB[x] = s;
          sBu += s;
        }
        // Move u into B.
        if (canMove) {
          const dA = A >= 0 ? podValue(part.sum[A]! - sAu, sizeA - 1, this.opts.targetSize) - valA : 0;
          const delta = dA + podValue(part.sum[B]! + sBu, sizeB + 1, this.opts.targetSize) - valB;
          if (delta > bestDelta) {
            bestDelta = delta;
            bestB = B;
            bestV = -1;
          }
        }
        // Swap u with v in B (if u is unassigned, v leaves for the waitlist).
        for (let x = 0; x < sizeB; x++) {
          const v = part.members[B * maxSize + x]!;
          if (A < 0 && hasPriority(pool, v) && !uPriority) continue;
          if (A >= 0 && !fits(maskA, 0, occA, pool, v)) continue;
          const newSumB = part.sum[B]! - part.inSum[v]! + sBu - sUB[x]!;
          const dB = podValue(newSumB, sizeB, this.opts.targetSize) - valB;
          let dA = 0;
          if (A >= 0) {
            // v's pair scores are at most its best partner's (exactly so when partner lists are exhaustive):
            // a swap that cannot win even then is not worth its pair scores.
            if (dB + 2 * (best1[v]! - sAu / (sizeA - 1)) <= bestDelta) continue;
            let svA = 0;
            for (let y = 0; y < sizeA; y++) {
              const a = part.members[A * maxSize + y]!;
              if (a !== u) svA += pairOverall(pool, v, a);
            }
            dA = podValue(part.sum[A]! - sAu + svA, sizeA, this.opts.targetSize) - valA;
          }
          const delta = dA + dB;
          if (delta <= bestDelta) continue;
          const occB = part.maskWithout(B, v, maskB);
          if (!fits(maskB, 0, occB, pool, u)) continue;
          bestDelta = delta;
          bestB = B;
          bestV = v;
        }
      }
      if (bestB < 0) continue;
      improved = true;
      if (bestV < 0) {
        if (A >= 0) part.remove(u);
        part.add(bestB, u);
      } else {
        part.remove(bestV);
        if (A >= 0) {
          part.remove(u);
          part.add(A, bestV);
        }
        part.add(bestB, u);
      }
      if (A >= 0) this.touchMembers(A);
      this.touchMembers(bestB);
      this.touchLearner(u);
      if (bestV >= 0) this.touchLearner(bestV);
    }
    return improved;
  }
}

/** Partitions one language pool: the best of `restarts` seeded runs. Returns pods as lists of pool indices. */
export function searchPods(pool: Pool, opts: SearchOptions): number[][] {
  const nb = buildNeighbours(pool, Math.min(opts.neighbours, Math.max(1, pool.n - 1)));
  const rev = reverseNeighbours(nb, pool.n);
  let best: number[][] = [];
  let bestTotal = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < opts.restarts; r++) {
    const seed = (Math.imul(opts.seed, 0x9e3779b1) ^ Math.imul(r + 1, 0x85ebca77)) >>> 0;
    const part = new Run(pool, nb, rev, opts, seed, r > 0).solve();
    const total = part.total();
    if (total > bestTotal + EPS) {
      bestTotal = total;
      best = part.pods();
    }
  }
  return best;
}
