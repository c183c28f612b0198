// ULID ids, generated through an injectable source so tests can make them deterministic.
import { monotonicFactory, type PRNG } from "ulidx";
import type { Clock } from "./clock.js";

export interface IdGenerator {
  next(): string;
}

export function ulidGenerator(clock: Clock, prng?: PRNG): IdGenerator {
  const ulid = monotonicFactory(prng);
  return { next: () => ulid(clock.now().getTime()) };
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1); used for ids in tests and for seeded algorithms. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
