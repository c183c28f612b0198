// Each learner's best-scoring partners who share a session slot with them: exhaustive for small pools, blocked for big ones.
import { intersectsSparse, setBits, WORDS } from "./bitset.js";
import { pairOverall } from "./compatibility.js";
import { commonOccupancy, holdsSessions } from "./days.js";
import type { Pool } from "./pool.js";
import { SLOTS_PER_WEEK } from "./week.js";

/** Up to `k` partners per learner, best first; `idx` is -1 past the end of a short list. */
export interface Neighbours {
  readonly k: number;
  readonly idx: Int32Array;
  readonly score: Float64Array;
}

/** Pools up to this size compare every pair (≈ 1.1M pair scores at most). */
export const EXHAUSTIVE_POOL = 1_500;
/** Slots of a learner's week looked up in the blocked search, and partners taken on each side in each. */
const BLOCK_SLOTS = 8;
const BLOCK_SPAN = 3;

function insertTop(idx: Int32Array, score: Float64Array, base: number, k: number, j: number, s: number): void {
  // Lists are short (k ≤ a few dozen): insertion keeps them sorted without allocation.
  if (idx[base + k - 1]! >= 0 && s <= score[base + k - 1]!) return;
  let p = k - 1;
  while (p > 0 && (idx[base + p - 1]! < 0 || s > score[base + p - 1]!)) {
    idx[base + p] = idx[base + p - 1]!;
    score[base + p] = score[base + p - 1]!;
    p--;
  }
  idx[base + p] = j;
  score[base + p] = s;
}

/** Whether i and j share the week's sessions: a startable slot, or one on as many days as there are sessions. */
export function canMeet(pool: Pool, i: number, j: number): boolean {
  const { start, startOcc } = pool;
  if (pool.sessions === 1) return intersectsSparse(start, i * WORDS, startOcc[i]!, start, j * WORDS, startOcc[j]!);
  return holdsSessions(commonOccupancy(start, i * WORDS, startOcc[i]!, start, j * WORDS, startOcc[j]!), pool.sessions);
}

/** Every pair of the pool (all one language) that can meet. O(n²). */
function exhaustive(pool: Pool, k: number, out: Neighbours): void {
  const { n } = pool;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!canMeet(pool, i, j)) continue;
      const s = pairOverall(pool, i, j);
      insertTop(out.idx, out.score, i * k, k, j, s);
      insertTop(out.idx, out.score, j * k, k, i, s);
    }
  }
}

function hashWords(bits: Uint32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let w = 0; w < WORDS; w++) h = Math.imul(h ^ bits[at + w]!, 0x01000193);
  return h >>> 0;
}

/**
 * Near-linear candidate search for big pools. Learners are ranked by (level, style, UTC offset, availability
 * pattern) so that rank neighbours are alike; each slot keeps the learners who can start a session there, in
 * rank order. A learner's candidates are their rank neighbours in a few of their own slots: everyone found
 * this way shares that slot with them, and is similar on the other components.
 */
function blocked(pool: Pool, k: number, out: Neighbours): void {
  const { n, start } = pool;
  const hash = new Uint32Array(n);
  for (let i = 0; i < n; i++) hash[i] = hashWords(pool.avail, i * WORDS);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      pool.level[a]! - pool.level[b]! ||
      pool.style[a]! - pool.style[b]! ||
      pool.offset[a]! - pool.offset[b]! ||
      hash[a]! - hash[b]! ||
      a - b,
  );
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;

  // Slot lists in compressed form: slotStart[s]..slotStart[s+1] in `entries`, in rank order.
  const slotStart = new Int32Array(SLOTS_PER_WEEK + 1);
  for (let i = 0; i < n; i++) for (const s of setBits(start, i * WORDS)) slotStart[s + 1]!++;
  for (let s = 0; s < SLOTS_PER_WEEK; s++) slotStart[s + 1]! += slotStart[s]!;
  const fill = slotStart.slice(0, SLOTS_PER_WEEK);
  const entries = new Int32Array(slotStart[SLOTS_PER_WEEK]!);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    for (const s of setBits(start, i * WORDS)) entries[fill[s]!++] = i;
  }

  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const slots = setBits(start, i * WORDS);
    const step = Math.max(1, slots.length / BLOCK_SLOTS);
    seen[i] = i;
    for (let t = 0; t < slots.length; t += step) {
      const s = slots[Math.floor(t)]!;
      let lo = slotStart[s]!;
      let hi = slotStart[s + 1]!;
      const end = hi;
      const begin = lo;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rank[entries[mid]!]! < rank[i]!) lo = mid + 1;
        else hi = mid;
      }
      const from = Math.max(begin, lo - BLOCK_SPAN);
      const to = Math.min(end, lo + 1 + BLOCK_SPAN);
      for (let e = from; e < to; e++) {
        const j = entries[e]!;
        if (seen[j] === i) continue;
        seen[j] = i;
        // Sharing this slot is enough for one session a week; more need days in common too.
        if (pool.sessions > 1 && !canMeet(pool, i, j)) continue;
        insertTop(out.idx, out.score, i * k, k, j, pairOverall(pool, i, j));
      }
    }
  }
}

/**
 * Best `k` partners per learner among those they can meet with (canMeet). The pool must hold one language.
 * Small pools are searched exhaustively; big ones by the blocked search above.
 */
export function buildNeighbours(pool: Pool, k: number): Neighbours {
  const kk = Math.max(1, k);
  const out: Neighbours = {
    k: kk,
    idx: new Int32Array(pool.n * kk).fill(-1),
    score: new Float64Array(pool.n * kk),
  };
  if (pool.n <= EXHAUSTIVE_POOL) exhaustive(pool, kk, out);
  else blocked(pool, kk, out);
  return out;
}

/** Who lists whom: for learner j, the learners i with j among their neighbours (compressed rows). */
export function reverseNeighbours(nb: Neighbours, n: number): { start: Int32Array; idx: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let p = 0; p < nb.idx.length; p++) {
    const j = nb.idx[p]!;
    if (j >= 0) start[j + 1]!++;
  }
  for (let j = 0; j < n; j++) start[j + 1]! += start[j]!;
  const fill = start.slice(0, n);
  const idx = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    for (let p = i * nb.k; p < (i + 1) * nb.k; p++) {
      const j = nb.idx[p]!;
      if (j >= 0) idx[fill[j]!++] = i;
    }
  }
  return { start, idx };
}
