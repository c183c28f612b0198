// Mastery per tag, moved by every scored item: up more for a hard item done well, down more for an easy one
// missed (an Elo-like step toward the score, against what the learner's mastery predicted). When an item comes back
// as a review is its review card's business (packages/core/src/srs).
import type { ItemHistory, TagMastery } from "./records.js";

/** Where an unseen tag starts: unknown, a little below the middle. */
export const PRIOR_MASTERY = 0.3;
const STEP = 0.25;

/** The chance, as mastery predicts it, of doing well on an item of a difficulty (1–5). */
export const expectedScore = (mastery: number, difficulty: number) =>
  1 / (1 + Math.exp(-6 * (mastery - (difficulty - 0.5) / 5)));

export function updateTag(current: TagMastery | undefined, score: number, difficulty: number): TagMastery {
  const m = current?.mastery ?? PRIOR_MASTERY;
  const next = Math.min(1, Math.max(0, m + STEP * (score - expectedScore(m, difficulty))));
  return {
    mastery: Math.round(next * 1000) / 1000,
    attempts: (current?.attempts ?? 0) + 1,
    correct: (current?.correct ?? 0) + (score > 0 ? 1 : 0),
  };
}

/** The difficulty that stretches a learner at this mastery without losing them. */
export const suitableDifficulty = (mastery: number) => Math.min(5, Math.max(1, Math.round(1 + mastery * 4)));

export function updateHistory(current: ItemHistory | undefined, score: number, now: Date): ItemHistory {
  const seen = (current?.seen ?? 0) + 1;
  return {
    lastScore: score,
    lastAt: now.toISOString(),
    seen,
  };
}

/** What a mastery means in words, as the progress page shows it. */
export type MasteryLevel = "attempted" | "familiar" | "proficient" | "mastered";
export const masteryLevel = (mastery: number): MasteryLevel =>
  mastery >= 0.8 ? "mastered" : mastery >= 0.6 ? "proficient" : mastery >= 0.4 ? "familiar" : "attempted";
