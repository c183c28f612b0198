// Days of the week over slot bitsets: how many different days a set of common slots spans, for pods meeting several times a week.
import { WORDS } from "./bitset.js";

/**
 * A pod's days are 24-hour spans of 3 bitset words (96 quarter hours), starting at 00:00, 08:00 or 16:00 UTC:
 * one of the three "calendars", so that each timezone has one whose day break falls in its night (within four
 * hours of its 04:00). Sessions on different days of one calendar are on different days for the members whose
 * night its break falls in.
 */
export const CALENDARS = 3;
const DAY_WORDS = 3;
const DAYS = 7;

/** The day (0..6) of calendar `c` that word `w` lies in. */
export const dayOfWord = (w: number, c: number): number =>
  Math.floor(((((w - c) % WORDS) + WORDS) % WORDS) / DAY_WORDS);

/** Days spanned in calendar `c` by words occupied as in `occ` (bit w for word w), as a 7-bit set. */
export function daySet(occ: number, c: number): number {
  let days = 0;
  let x = occ;
  while (x !== 0) {
    const low = x & -x;
    x ^= low;
    days |= 1 << dayOfWord(31 - Math.clz32(low), c);
  }
  return days;
}

const popcount7 = (x: number): number => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
};

let table: Uint8Array | undefined;

/**
 * For every word occupancy (2^21 of them), the most different days it spans in any one calendar: 2 MB, built
 * on first use, so the hot path's "can this group meet k times a week?" is an AND of occupied words and a lookup.
 */
function daysTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(1 << WORDS);
  // Per calendar, the 7-bit day set is an OR over 21 words: built from its two halves to keep start-up short.
  const half = 11;
  const lowDays: Uint8Array[] = [];
  const highDays: Uint8Array[] = [];
  for (let c = 0; c < CALENDARS; c++) {
    const lo = new Uint8Array(1 << half);
    for (let x = 0; x < 1 << half; x++) lo[x] = daySet(x, c);
    const hi = new Uint8Array(1 << (WORDS - half));
    for (let x = 0; x < 1 << (WORDS - half); x++) hi[x] = daySet(x << half, c);
    lowDays.push(lo);
    highDays.push(hi);
  }
  const counts = new Uint8Array(1 << DAYS);
  for (let d = 0; d < 1 << DAYS; d++) counts[d] = popcount7(d);
  const mask = (1 << half) - 1;
  for (let occ = 0; occ < 1 << WORDS; occ++) {
    let best = 0;
    for (let c = 0; c < CALENDARS; c++) {
      const n = counts[lowDays[c]![occ & mask]! | highDays[c]![occ >>> half]!]!;
      if (n > best) best = n;
    }
    t[occ] = best;
  }
  table = t;
  return t;
}

/** The most different days, in one calendar, that slots in the occupied words can start on. */
export function daysSpanned(occ: number): number {
  return daysTable()[occ]!;
}

/** Occupancy (non-zero words) of a ∧ b, looking only at words both occupy. */
export function commonOccupancy(
  a: Uint32Array,
  aAt: number,
  aOcc: number,
  b: Uint32Array,
  bAt: number,
  bOcc: number,
): number {
  let occ = aOcc & bOcc;
  let out = 0;
  while (occ !== 0) {
    const low = occ & -occ;
    occ ^= low;
    const w = 31 - Math.clz32(low);
    if ((a[aAt + w]! & b[bAt + w]!) !== 0) out |= low;
  }
  return out;
}

/**
 * Whether slots occupying `occ` can hold `sessions` sessions a week on different days: any common slot when one,
 * else as many days in one calendar.
 */
export const holdsSessions = (occ: number, sessions: number): boolean =>
  sessions === 1 ? occ !== 0 : daysSpanned(occ) >= sessions;
