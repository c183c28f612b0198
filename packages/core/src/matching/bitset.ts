// Weekly availability as bitsets of 15-minute slots (672 bits in 21 words), so overlaps are a few ANDs and popcounts.
import type { WeekInterval } from "./model.js";
import { SLOT_MINUTES, SLOTS_PER_WEEK } from "./week.js";

export const WORDS = SLOTS_PER_WEEK / 32;

export function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Marks the slots wholly inside the intervals (a slot half covered is not a slot one can meet in). */
export function intervalsToBits(intervals: readonly WeekInterval[], out: Uint32Array, at = 0): void {
  for (const [s, e] of intervals) {
    const first = Math.ceil(s / SLOT_MINUTES);
    const last = Math.floor(e / SLOT_MINUTES); // exclusive
    for (let slot = first; slot < last; slot++) out[at + (slot >>> 5)]! |= 1 << (slot & 31);
  }
}

export const hasBit = (bits: Uint32Array, at: number, slot: number): boolean =>
  ((bits[at + (slot >>> 5)]! >>> (slot & 31)) & 1) === 1;

/**
 * Slots where a session of `length` slots can start: the slot and the next length-1 are all available,
 * the week wrapping round from Sunday night to Monday morning.
 */
export function startableBits(avail: Uint32Array, at: number, length: number, out: Uint32Array, outAt: number): void {
  for (let w = 0; w < WORDS; w++) out[outAt + w] = avail[at + w]!;
  for (let k = 1; k < length; k++) {
    // out &= avail shifted by k slots (cyclically): bit s of the shifted set = bit s+k of avail.
    for (let w = 0; w < WORDS; w++) {
      const bit = k & 31;
      const lo = avail[at + ((w + (k >>> 5)) % WORDS)]!;
      const hi = avail[at + ((w + (k >>> 5) + 1) % WORDS)]!;
      const shifted = bit === 0 ? lo : (lo >>> bit) | (hi << (32 - bit));
      out[outAt + w]! &= shifted;
    }
  }
}

export function countBits(bits: Uint32Array, at: number): number {
  let n = 0;
  for (let w = 0; w < WORDS; w++) n += popcount32(bits[at + w]!);
  return n;
}

/** Slots set in both. */
export function countCommon(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number): number {
  let n = 0;
  for (let w = 0; w < WORDS; w++) {
    const x = a[aAt + w]! & b[bAt + w]!;
    if (x !== 0) n += popcount32(x);
  }
  return n;
}

export function intersects(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number): boolean {
  for (let w = 0; w < WORDS; w++) if ((a[aAt + w]! & b[bAt + w]!) !== 0) return true;
  return false;
}

/** Indices of the set bits, ascending. */
export function setBits(bits: Uint32Array, at: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < WORDS; w++) {
    let x = bits[at + w]!;
    while (x !== 0) {
      const low = x & -x;
      out.push(w * 32 + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}

/** Which of the 21 words hold a set bit, as a 21-bit integer: lets sparse weeks skip their empty words. */
export function occupancyOf(bits: Uint32Array, at: number): number {
  let occ = 0;
  for (let w = 0; w < WORDS; w++) if (bits[at + w]! !== 0) occ |= 1 << w;
  return occ;
}

/** Whether two bitsets share a bit, looking only at words both occupy. */
export function intersectsSparse(
  a: Uint32Array,
  aAt: number,
  aOcc: number,
  b: Uint32Array,
  bAt: number,
  bOcc: number,
): boolean {
  let occ = aOcc & bOcc;
  while (occ !== 0) {
    const low = occ & -occ;
    occ ^= low;
    const w = 31 - Math.clz32(low);
    if ((a[aAt + w]! & b[bAt + w]!) !== 0) return true;
  }
  return false;
}

/** Bits set in both, looking only at words both occupy. */
export function countCommonSparse(
  a: Uint32Array,
  aAt: number,
  aOcc: number,
  b: Uint32Array,
  bAt: number,
  bOcc: number,
): number {
  let occ = aOcc & bOcc;
  let n = 0;
  while (occ !== 0) {
    const low = occ & -occ;
    occ ^= low;
    const w = 31 - Math.clz32(low);
    const x = a[aAt + w]! & b[bAt + w]!;
    if (x !== 0) n += popcount32(x);
  }
  return n;
}
