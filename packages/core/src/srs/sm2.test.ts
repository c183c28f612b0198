import { describe, expect, it } from "vitest";
import { nextEase, SM2_START, sm2 } from "./sm2.js";

describe("SM-2 as published", () => {
  it("follows the worked example: intervals 1, 6, then × E-Factor", () => {
    // Quality 5 each time: EF 2.5 → 2.6 → 2.7 → 2.8; I(1) = 1, I(2) = 6, I(3) = round(6 × 2.7) = 16.
    const a = sm2(SM2_START, 5);
    expect(a).toEqual({ ease: 2.6, interval: 1, repetitions: 1 });
    const b = sm2(a, 5);
    expect(b).toEqual({ ease: 2.7, interval: 6, repetitions: 2 });
    const c = sm2(b, 5);
    expect(c).toEqual({ ease: 2.8, interval: 16, repetitions: 3 });
    expect(sm2(c, 5).interval).toBe(Math.round(16 * 2.8));
  });

  it("changes the E-Factor by the formula: +0.1 at 5, unchanged at 4, −0.14 at 3", () => {
    expect(nextEase(2.5, 5)).toBe(2.6);
    expect(nextEase(2.5, 4)).toBe(2.5);
    expect(nextEase(2.5, 3)).toBe(2.36);
  });

  it("never lets the E-Factor fall below 1.3", () => {
    let s = SM2_START;
    for (let i = 0; i < 20; i++) s = sm2(s, 3);
    expect(s.ease).toBe(1.3);
  });

  it("starts over below quality 3, keeping the E-Factor", () => {
    const learnt = sm2(sm2(sm2(SM2_START, 4), 4), 4);
    expect(learnt.interval).toBe(15);
    const lapsed = sm2(learnt, 2);
    expect(lapsed).toEqual({ ease: learnt.ease, interval: 1, repetitions: 0 });
    expect(sm2(lapsed, 4).interval).toBe(1);
  });

  it("refuses a quality outside 0–5", () => {
    expect(() => sm2(SM2_START, 6)).toThrow(RangeError);
  });
});
