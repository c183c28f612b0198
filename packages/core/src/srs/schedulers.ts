// The two schedulers behind a card: SM-2 (`sm2.ts`) and FSRS through ts-fsrs with its default parameters and a
// desired retention of 0.9. A card keeps both states, so switching algorithm in preferences loses nothing.
import { createEmptyCard, type Card as FsrsCard, fsrs, Rating, type State } from "ts-fsrs";
import { type ReviewGrade, SM2_QUALITY } from "./model.js";
import { SM2_START, type Sm2State, sm2 } from "./sm2.js";

/** FSRS's card as stored: dates as ISO strings. */
export interface StoredFsrs {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: string | null;
}

export interface Schedule {
  sm2: Sm2State;
  fsrs: StoredFsrs;
}

const scheduler = fsrs({ request_retention: 0.9, enable_fuzz: false });

const RATING: Record<ReviewGrade, Rating.Again | Rating.Hard | Rating.Good | Rating.Easy> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

const store = (c: FsrsCard): StoredFsrs => ({
  due: c.due.toISOString(),
  stability: c.stability,
  difficulty: c.difficulty,
  elapsed_days: c.elapsed_days,
  scheduled_days: c.scheduled_days,
  learning_steps: c.learning_steps,
  reps: c.reps,
  lapses: c.lapses,
  state: c.state,
  last_review: c.last_review ? c.last_review.toISOString() : null,
});

function load({ last_review, due, state, ...rest }: StoredFsrs): FsrsCard {
  return {
    ...rest,
    due: new Date(due),
    state: state as State,
    ...(last_review ? { last_review: new Date(last_review) } : {}),
  };
}

export function newSchedule(now: Date): Schedule {
  return { sm2: { ...SM2_START }, fsrs: store(createEmptyCard(now)) };
}

/** Both states after a grade, and when the card is due under the learner's algorithm. */
export function grade(
  schedule: Schedule,
  g: ReviewGrade,
  now: Date,
  algorithm: "sm2" | "fsrs",
): { schedule: Schedule; dueAt: Date } {
  const nextSm2 = sm2(schedule.sm2, SM2_QUALITY[g]);
  const nextFsrs = scheduler.next(load(schedule.fsrs), now, RATING[g]).card;
  const dueAt = algorithm === "sm2" ? new Date(now.getTime() + nextSm2.interval * 86_400_000) : nextFsrs.due;
  return { schedule: { sm2: nextSm2, fsrs: store(nextFsrs) }, dueAt };
}
