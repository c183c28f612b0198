// SM-2 as Wozniak published it (SuperMemo 2, 1987): quality 0–5; the E-Factor starts at 2.5 and never falls below
// 1.3; intervals 1 day, 6 days, then the previous interval × E-Factor; a quality below 3 starts the repetitions over
// without changing the E-Factor.

export interface Sm2State {
  /** The E-Factor. */
  ease: number;
  /** Days until the next repetition. */
  interval: number;
  /** Successful repetitions in a row. */
  repetitions: number;
}

export const SM2_START: Sm2State = { ease: 2.5, interval: 0, repetitions: 0 };
export const SM2_MIN_EASE = 1.3;

/** EF' = EF + (0.1 − (5 − q) × (0.08 + (5 − q) × 0.02)), at least 1.3. */
export function nextEase(ease: number, quality: number): number {
  const q = 5 - quality;
  return Math.max(SM2_MIN_EASE, Math.round((ease + (0.1 - q * (0.08 + q * 0.02))) * 1000) / 1000);
}

export function sm2(state: Sm2State, quality: number): Sm2State {
  if (!Number.isInteger(quality) || quality < 0 || quality > 5) throw new RangeError("SM-2 quality is 0–5.");
  if (quality < 3) return { ease: state.ease, interval: 1, repetitions: 0 };
  const repetitions = state.repetitions + 1;
  const interval = repetitions === 1 ? 1 : repetitions === 2 ? 6 : Math.round(state.interval * state.ease);
  return { ease: nextEase(state.ease, quality), interval, repetitions };
}
