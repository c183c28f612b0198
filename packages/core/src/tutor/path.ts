// Which item comes next. A diagnostic walks the track's tags in turn, one step harder after a right answer and one
// easier after a wrong one. Practice takes due review cards first, then the weakest tag at a difficulty that suits it;
// neither repeats an item within a session.
import type { PublishedQuestion } from "../content/index.js";
import { PRIOR_MASTERY, suitableDifficulty } from "./mastery.js";
import type { LearningSessionItem, MasteryItem } from "./records.js";

/** Where a diagnostic starts in every tag: easy enough to begin, with room to climb. */
export const DIAGNOSTIC_START = 2;

export interface NextChoice {
  question: PublishedQuestion;
  why: "review" | "weakest_tag" | "diagnostic" | "any";
}

const byCloseness = (target: number) => (a: PublishedQuestion, b: PublishedQuestion) =>
  Math.abs(a.difficulty - target) - Math.abs(b.difficulty - target) ||
  a.difficulty - b.difficulty ||
  (a.id < b.id ? -1 : 1);

function tagsOf(questions: readonly PublishedQuestion[]): string[] {
  return [...new Set(questions.flatMap((q) => q.tags))].sort();
}

export function nextDiagnosticItem(
  session: LearningSessionItem,
  questions: readonly PublishedQuestion[],
): NextChoice | undefined {
  const asked = new Set(session.done.map((d) => d.questionId));
  const pool = questions.filter((q) => !asked.has(q.id));
  if (pool.length === 0) return undefined;
  // The tag asked least so far (ties by name), among tags with something left to ask.
  const askedPerTag = new Map<string, number>();
  for (const d of session.done) for (const t of d.tags) askedPerTag.set(t, (askedPerTag.get(t) ?? 0) + 1);
  const tags = tagsOf(pool).sort((a, b) => (askedPerTag.get(a) ?? 0) - (askedPerTag.get(b) ?? 0) || (a < b ? -1 : 1));
  const tag = tags[0]!;
  const level = session.levels[tag] ?? DIAGNOSTIC_START;
  const question = pool.filter((q) => q.tags.includes(tag)).sort(byCloseness(level))[0]!;
  return { question, why: "diagnostic" };
}

/** The difficulty to ask next in a tag after an answer: one harder when right, one easier when wrong. */
export const nextLevel = (current: number, correct: boolean) => Math.min(5, Math.max(1, current + (correct ? 1 : -1)));

export function nextPracticeItem(
  session: LearningSessionItem,
  questions: readonly PublishedQuestion[],
  mastery: MasteryItem | undefined,
  /** Questions whose review cards are due, soonest first. */
  dueIds: readonly string[],
): NextChoice | undefined {
  const asked = new Set(session.done.map((d) => d.questionId));
  const pool = questions.filter((q) => !asked.has(q.id));
  if (pool.length === 0) return undefined;
  const history = mastery?.items ?? {};
  const byId = new Map(pool.map((q) => [q.id, q]));
  const due = dueIds.flatMap((id) => byId.get(id) ?? []);
  if (due[0]) return { question: due[0], why: "review" };
  const masteryOf = (tag: string) => mastery?.tags[tag]?.mastery ?? PRIOR_MASTERY;
  const fresh = pool.filter((q) => !history[q.id]);
  for (const candidates of [fresh, pool]) {
    if (candidates.length === 0) continue;
    const tags = tagsOf(candidates).sort((a, b) => masteryOf(a) - masteryOf(b) || (a < b ? -1 : 1));
    const tag = tags[0]!;
    const question = candidates
      .filter((q) => q.tags.includes(tag))
      .sort(byCloseness(suitableDifficulty(masteryOf(tag))))[0]!;
    return { question, why: candidates === fresh ? "weakest_tag" : "any" };
  }
  return undefined;
}
