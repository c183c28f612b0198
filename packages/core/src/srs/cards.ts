// Review cards: made from the questions a learner met in the tutor, read due with one Query on an index ordered by
// due time, graded with the learner's algorithm, and the last grade undone on request.
import { DateTime } from "luxon";
import { preferencesOf } from "../accounts/index.js";
import { markActive } from "../analytics/metrics.js";
import type { PublishedLesson, PublishedQuestion } from "../content/index.js";
import {
  conflict,
  defineEntity,
  effectOp,
  epochSeconds,
  eventEffect,
  type Item,
  isConditionFailed,
  notFound,
  type Platform,
} from "../platform/index.js";
import { DAILY_REVIEW_CAP, type KeyPointCards, type ReviewCard, type ReviewGrade } from "./model.js";
import { grade, newSchedule, type Schedule } from "./schedulers.js";

export type CardItem = Item & {
  type: "ReviewCard";
  id: string;
  userId: string;
  track: string;
  /** The question the card recalls; absent on a lesson's key-point card. */
  questionId: string | null;
  /** The lesson of a key-point card. */
  lessonId?: string | null;
  front: string;
  back: string;
  schedule: Schedule;
  dueAt: string;
  reviews: number;
  lapses: number;
  lastReviewedAt: string | null;
  /** What the card was before its last grade, so that grade can be undone (once). */
  previous: {
    schedule: Schedule;
    dueAt: string;
    reviews: number;
    lapses: number;
    lastReviewedAt: string | null;
  } | null;
  createdAt: string;
};

type DayItem = Item & { type: "ReviewDay"; count: number; remembered?: number };

/** A day's review count is kept a little over a year: the streak and retention on the progress page read it. */
const REVIEW_DAY_SECONDS = 400 * 86_400;

export const Card = defineEntity("ReviewCard", {
  one: { name: "One review card of a learner", pk: "USER#<userId>", sk: "CARD#<cardId>" },
  due: {
    name: "A learner's review cards due by a time, soonest first",
    index: "gsi3",
    pk: "DUE#<userId>",
    sk: { lte: "<until>" },
  },
});
export const ReviewDay = defineEntity("ReviewDay", {
  one: { name: "How many reviews a learner did on a local day", pk: "USER#<userId>", sk: "REVIEWDAY#<day>" },
  all: {
    name: "A learner's review days (streak and retention)",
    pk: "USER#<userId>",
    sk: { beginsWith: "REVIEWDAY#" },
  },
});

/** Each local day the learner reviewed: how many cards, and how many of them they remembered (not "again"). */
export async function reviewDays(p: Platform, userId: string) {
  const days = await p.store.queryAll<DayItem>(ReviewDay.query("all", { userId }));
  return days.map((d) => ({ day: d.sk.slice("REVIEWDAY#".length), reviews: d.count, remembered: d.remembered ?? 0 }));
}

const cardKey = (userId: string, cardId: string) => Card.key("one", { userId, cardId });
const dueIndex = (userId: string, dueAt: string, cardId: string) => ({
  gsi3pk: `DUE#${userId}`,
  gsi3sk: `${dueAt}#${cardId}`,
});

/**
 * How many of a learner's cards fall due on each UTC day (`day_YYYYMMDD` attributes), kept in their partition
 * between `ONBOARDING` and `PROFILE`, so the home page reads its "reviews due" from the Query it already makes.
 */
export const ReviewPlan = defineEntity("ReviewPlan", {
  one: {
    name: "How many of a learner's cards fall due each day (for the home page)",
    pk: "USER#<userId>",
    sk: "PLAN#REVIEWS",
  },
});
const planKey = (userId: string) => ReviewPlan.key("one", { userId });
const dayAttribute = (iso: string) => `day_${iso.slice(0, 10).replace(/-/g, "")}`;

/** The writes that move one card's due day in the plan (nothing when the day stays the same). */
function planMoves(userId: string, from: string | null, to: string): Parameters<Platform["store"]["transact"]>[0] {
  const add: Record<string, number> = { [dayAttribute(to)]: 1 };
  if (from) {
    if (dayAttribute(from) === dayAttribute(to)) return [];
    add[dayAttribute(from)] = -1;
  }
  return [{ update: planKey(userId), changes: { set: { type: "ReviewPlan" }, add }, condition: {} }];
}

/** Cards due by the end of today (UTC), from the plan item the home page's Query brings. */
export function dueTodayFromPlan(partition: readonly Item[], userId: string, now: Date): number {
  const plan = partition.find((i) => i.pk === planKey(userId).pk && i.sk === planKey(userId).sk);
  if (!plan) return 0;
  const today = dayAttribute(now.toISOString());
  let count = 0;
  for (const [k, v] of Object.entries(plan))
    if (k.startsWith("day_") && k <= today && typeof v === "number") count += v;
  return Math.max(0, count);
}

/** A card was graded (payload: userId, questionId, track, score 0–1). */
export const REVIEWED_EVENT = "srs.reviewed";
/** What a grade says about recall, on the scale of an item's score. */
export const REVIEW_SCORE: Record<ReviewGrade, number> = { again: 0, hard: 0.5, good: 0.8, easy: 1 };

export const questionCardId = (questionId: string) => `q-${questionId}`;

function sides(q: PublishedQuestion): { front: string; back: string } {
  const choices =
    q.kind === "multiple_choice" ? `\n\n${q.choices.map((c) => `- (${c.key}) ${c.text}`).join("\n")}` : "";
  const answer =
    q.kind === "multiple_choice"
      ? `(${q.answer}) ${q.choices.find((c) => c.key === q.answer)?.text ?? ""}`
      : q.kind === "code"
        ? `\`\`\`${q.language}\n${q.answer}\n\`\`\``
        : q.answer;
  return { front: `**${q.title}**\n\n${q.prompt}${choices}`, back: `${answer}\n\n${q.explanation}` };
}

/** A new card, never reviewed, due at `dueAt`, with what it recalls. */
function newCard(
  userId: string,
  id: string,
  now: Date,
  dueAt: string,
  what: Pick<CardItem, "track" | "questionId" | "lessonId" | "front" | "back">,
): CardItem {
  return {
    ...cardKey(userId, id),
    ...dueIndex(userId, dueAt, id),
    type: "ReviewCard",
    id,
    userId,
    ...what,
    schedule: newSchedule(now),
    dueAt,
    reviews: 0,
    lapses: 0,
    lastReviewedAt: null,
    previous: null,
    createdAt: now.toISOString(),
  };
}

/**
 * A card for a question the learner has finished in the tutor, due a day later; nothing when there is one already
 * (the tutor calls this after every item, and a card keeps its own schedule).
 */
export async function ensureQuestionCard(p: Platform, userId: string, q: PublishedQuestion): Promise<boolean> {
  const now = p.clock.now();
  const id = questionCardId(q.id);
  const dueAt = new Date(now.getTime() + 86_400_000).toISOString();
  const card = newCard(userId, id, now, dueAt, { track: q.track, questionId: q.id, ...sides(q) });
  try {
    await p.store.put(card, { absent: true });
    await p.store.transact(planMoves(userId, null, dueAt));
    // The learner's first card starts their daily reminder (later cards find it there).
    await (await import("./reminders.js")).scheduleReviewReminder(p, userId);
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

function view(c: CardItem, algorithm: "sm2" | "fsrs"): ReviewCard {
  return {
    id: c.id,
    track: c.track,
    questionId: c.questionId ?? null,
    lessonId: c.lessonId ?? null,
    front: c.front,
    back: c.back,
    algorithm,
    dueAt: c.dueAt,
    reviews: c.reviews,
    lapses: c.lapses,
    lastReviewedAt: c.lastReviewedAt,
    canUndo: c.previous !== null,
  };
}

async function localDay(p: Platform, userId: string) {
  const prefs = await preferencesOf(p, userId);
  const day = DateTime.fromJSDate(p.clock.now(), { zone: prefs.timezone || "UTC" }).toISODate() ?? "1970-01-01";
  return { day, algorithm: prefs.srsAlgorithm };
}

/** How many due cards a read counts at most; beyond it the count says "at least". */
const DUE_COUNT_LIMIT = 200;

/**
 * The cards due now, soonest first, up to what is left of today's cap: one Query on the due index, reading at most
 * DUE_COUNT_LIMIT cards however large the backlog.
 */
export async function dueReviews(p: Platform, userId: string) {
  const { day, algorithm } = await localDay(p, userId);
  const [doneToday, due] = await Promise.all([
    p.store.get<DayItem>(ReviewDay.key("one", { userId, day })),
    p.store.query<CardItem>(
      Card.query("due", { userId, until: `${p.clock.now().toISOString()}#\uffff` }, { limit: DUE_COUNT_LIMIT }),
    ),
  ]);
  const reviewedToday = doneToday?.count ?? 0;
  const room = Math.max(0, DAILY_REVIEW_CAP - reviewedToday);
  return {
    items: due.items.slice(0, room).map((c) => view(c, algorithm)),
    dueCount: due.items.length,
    dueCountIsLowerBound: due.nextCursor !== null,
    reviewedToday,
    dailyCap: DAILY_REVIEW_CAP,
  };
}

async function cardOrThrow(p: Platform, userId: string, cardId: string) {
  const c = await p.store.get<CardItem>(cardKey(userId, cardId), { consistent: true });
  if (!c) throw notFound("review.card_not_found", "No such review card.");
  return c;
}

/** Grades a card with the learner's algorithm; the card is due again when that algorithm says. */
export async function gradeCard(p: Platform, userId: string, cardId: string, g: ReviewGrade): Promise<ReviewCard> {
  const card = await cardOrThrow(p, userId, cardId);
  const { day, algorithm } = await localDay(p, userId);
  const now = p.clock.now();
  const next = grade(card.schedule, g, now, algorithm);
  const dueAt = next.dueAt.toISOString();
  const updated: CardItem = {
    ...card,
    ...dueIndex(userId, dueAt, card.id),
    schedule: next.schedule,
    dueAt,
    reviews: card.reviews + 1,
    lapses: card.lapses + (g === "again" ? 1 : 0),
    lastReviewedAt: now.toISOString(),
    previous: {
      schedule: card.schedule,
      dueAt: card.dueAt,
      reviews: card.reviews,
      lapses: card.lapses,
      lastReviewedAt: card.lastReviewedAt,
    },
  };
  try {
    await p.store.transact([
      { put: updated, condition: { version: card.version ?? 0 } },
      {
        update: ReviewDay.key("one", { userId, day }),
        changes: {
          set: { type: "ReviewDay", expiresAt: epochSeconds(now) + REVIEW_DAY_SECONDS },
          add: { count: 1, remembered: g === "again" ? 0 : 1 },
        },
        // The day's first review creates the counter.
        condition: {},
      },
      ...planMoves(userId, card.dueAt, dueAt),
      // The tutor's mastery moves with every review of a question too; it hears of it after the grade commits.
      ...(card.questionId
        ? [
            effectOp(
              p,
              eventEffect(REVIEWED_EVENT, {
                userId,
                questionId: card.questionId,
                track: card.track,
                score: REVIEW_SCORE[g],
              }),
            ),
          ]
        : []),
    ]);
  } catch (e) {
    if (isConditionFailed(e) || (e as { status?: number }).status === 409)
      throw conflict("review.card_changed", "This card was just graded elsewhere; reload your reviews.");
    throw e;
  }
  await markActive(p, userId); // business metrics: an active learner today
  return view(updated, algorithm);
}

/** Puts a card back as it was before its last grade (once), and gives today's count its review back. */
export async function undoReview(p: Platform, userId: string, cardId: string): Promise<ReviewCard> {
  const card = await cardOrThrow(p, userId, cardId);
  if (!card.previous) throw conflict("review.nothing_to_undo", "There is no grade to undo on this card.");
  const { day, algorithm } = await localDay(p, userId);
  const restored: CardItem = {
    ...card,
    ...card.previous,
    ...dueIndex(userId, card.previous.dueAt, card.id),
    previous: null,
  };
  const ops: Parameters<Platform["store"]["transact"]>[0] = [
    { put: restored, condition: { version: card.version ?? 0 } },
    ...planMoves(userId, card.dueAt, card.previous.dueAt),
  ];
  const today = await p.store.get<DayItem>(ReviewDay.key("one", { userId, day }));
  if (today && today.count > 0)
    ops.push({ update: ReviewDay.key("one", { userId, day }), changes: { add: { count: -1 } } });
  try {
    await p.store.transact(ops);
  } catch (e) {
    if (isConditionFailed(e) || (e as { status?: number }).status === 409)
      throw conflict("review.card_changed", "This card changed meanwhile; reload your reviews.");
    throw e;
  }
  return view(restored, algorithm);
}

/** The questions of a track whose cards are due now, soonest first (the tutor's path offers them before new ones). */
export async function dueQuestionIds(p: Platform, userId: string, track: string): Promise<string[]> {
  const due = await p.store.query<CardItem>(
    Card.query("due", { userId, until: `${p.clock.now().toISOString()}#\uffff` }, { limit: DUE_COUNT_LIMIT }),
  );
  return due.items.flatMap((c) => (c.track === track && c.questionId ? [c.questionId] : []));
}

export const keyPointCardId = (lessonId: string, index: number) => `k-${lessonId}-${index + 1}`;

/**
 * Cards for a lesson's key points, due a day later, so what the learner just read comes back for recall. Adding the
 * same lesson again makes no new card (each key point keeps its own schedule).
 */
export async function addKeyPointCards(p: Platform, userId: string, lesson: PublishedLesson): Promise<KeyPointCards> {
  const points = lesson.keyPoints ?? [];
  const now = p.clock.now();
  const dueAt = new Date(now.getTime() + 86_400_000).toISOString();
  let added = 0;
  for (const [i, point] of points.entries()) {
    const id = keyPointCardId(lesson.id, i);
    const card = newCard(userId, id, now, dueAt, {
      track: lesson.track,
      questionId: null,
      lessonId: lesson.id,
      front: `**${lesson.title}**\n\n${point.prompt}`,
      back: point.answer,
    });
    try {
      await p.store.transact([{ put: card, condition: { absent: true } }, ...planMoves(userId, null, dueAt)]);
      added++;
    } catch (e) {
      if (!isConditionFailed(e) && (e as { status?: number }).status !== 409) throw e;
    }
  }
  if (added > 0) await (await import("./reminders.js")).scheduleReviewReminder(p, userId);
  const kept = await p.store.getMany<CardItem>(points.map((_, i) => cardKey(userId, keyPointCardId(lesson.id, i))));
  const firstDueAt = kept.map((c) => c.dueAt).sort()[0] ?? null;
  return { lessonId: lesson.id, added, total: kept.length, firstDueAt };
}

/** The key points of a published lesson into the learner's reviews; 404 for a lesson that is not published. */
export async function addLessonKeyPoints(p: Platform, userId: string, lessonId: string): Promise<KeyPointCards> {
  const { getPublishedLesson } = await import("../content/index.js");
  const lesson = await getPublishedLesson(p, lessonId);
  if (!lesson) throw notFound("content.not_found", "No such lesson.");
  return addKeyPointCards(p, userId, lesson);
}
