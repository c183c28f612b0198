// How the tutor stores its traces, all in the learner's own partition (so export and erasure find them): a
// session item holding where the learner is, one immutable item per event, the mastery vector per track, and the
// flags the coach reads for a pod's next agenda. Sessions and events expire with the privacy TTL.
import { defineEntity, type Item } from "../platform/index.js";
import type { ComplexMomentReason, HintLevel, LearningMode, TutorEvent, TutorEventType } from "./model.js";

/** Where a learner is on the item in front of them. */
export interface ItemState {
  questionId: string;
  /** The version presented; the attempt is graded against it even if a newer one is published meanwhile. */
  version: number;
  presentedAt: string;
  hintLevel: HintLevel;
  /** Attempts made since the highest hint shown (an attempt unlocks the next level). */
  attemptsAtLevel: number;
  attempts: number;
  wrong: number;
  solved: boolean;
  /**
   * Finished: solved, level 5 shown, or (in a diagnostic, which measures rather than teaches) answered once. The
   * explanation and answer are shown from then on.
   */
  closed: boolean;
  /** The item's score has moved the learner's mastery (a right answer, or level 5 shown). */
  scored: boolean;
  /** Code submissions already delivered to this item as attempts (each counts once). */
  submissions?: string[];
  /** Times of hint requests, for the hint-burst rule (the last few only). */
  hintTimes: string[];
  /** Complex-moment reasons already raised on this item (each once). */
  moments: ComplexMomentReason[];
  lastActivityAt: string;
}

export interface DoneItem {
  questionId: string;
  version: number;
  tags: string[];
  difficulty: number;
  correct: boolean;
  score: number;
  hintLevel: HintLevel;
}

export type LearningSessionItem = Item & {
  type: "LearningSession";
  id: string;
  userId: string;
  mode: LearningMode;
  track: string;
  status: "active" | "ended";
  startedAt: string;
  endedAt: string | null;
  lastActivityAt: string;
  /** The last event's number. */
  seq: number;
  current: ItemState | null;
  done: DoneItem[];
  /** Diagnostic: the difficulty to ask next in each tag (harder after right, easier after wrong). */
  levels: Record<string, number>;
};

/** An event as stored: the item's `type` is the entity's, the event's own type is `event`. */
export type TutorEventItem = Item &
  Omit<TutorEvent, "type"> & { type: "TutorEvent"; event: TutorEventType; sessionId: string };

export interface TagMastery {
  mastery: number;
  attempts: number;
  correct: number;
}
export interface ItemHistory {
  lastScore: number;
  lastAt: string;
  seen: number;
}

export type MasteryItem = Item & {
  type: "Mastery";
  userId: string;
  track: string;
  tags: Record<string, TagMastery>;
  items: Record<string, ItemHistory>;
  placedAt: string | null;
  updatedAt: string;
};

export type AgendaFlagItem = Item & {
  type: "AgendaFlag";
  userId: string;
  track: string;
  questionId: string;
  questionTitle: string;
  tags: string[];
  reason: ComplexMomentReason;
  at: string;
};

export const LearningSession = defineEntity("LearningSession", {
  one: { name: "One learning session and where the learner is", pk: "USER#<userId>", sk: "LEARN#<sessionId>" },
  withEvents: {
    name: "A learning session with its events, in order",
    pk: "USER#<userId>",
    sk: { beginsWith: "LEARN#<sessionId>" },
    consistent: true,
  },
  ofLearner: {
    name: "A learner's learning sessions, newest first",
    index: "gsi1",
    pk: "LEARNING#<userId>",
    descending: true,
  },
});

export const TutorEventRecord = defineEntity("TutorEvent", {
  one: {
    name: "One event of a learning session",
    pk: "USER#<userId>",
    sk: "LEARN#<sessionId>#<seq>",
    note: "conditional put `attribute_not_exists(pk)`, in the session's transaction",
  },
});

export const Mastery = defineEntity("Mastery", {
  one: { name: "A learner's mastery vector and item history in one track", pk: "USER#<userId>", sk: "MASTERY#<track>" },
  ofLearner: { name: "A learner's mastery in every track", pk: "USER#<userId>", sk: { beginsWith: "MASTERY#" } },
});

export const AgendaFlag = defineEntity("AgendaFlag", {
  one: {
    name: "One moment a learner got stuck",
    pk: "USER#<userId>",
    sk: "TUTORFLAG#<at>#<questionId>#<reason>",
  },
  ofLearner: {
    name: "Where a learner got stuck, for the coach's next agenda",
    pk: "USER#<userId>",
    sk: { beginsWith: "TUTORFLAG#" },
  },
});

export const eventSeq = (n: number) => String(n).padStart(5, "0");
