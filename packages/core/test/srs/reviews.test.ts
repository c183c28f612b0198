// Review cards against DynamoDB Local with a controllable clock: made from the items a learner tried in the tutor,
// due with one Query in due order and capped per local day, graded with SM-2 or FSRS as the learner chose, undone,
// and offered by the tutor's path before anything new.

import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, putPreferences } from "../../src/accounts/index.js";
import { getPublishedQuestion } from "../../src/content/index.js";
import { AppError, deliverDueEffects, ManualClock, type Platform } from "../../src/platform/index.js";
import {
  DAILY_REVIEW_CAP,
  dueReviews,
  ensureQuestionCard,
  grade,
  gradeCard,
  newSchedule,
  undoReview,
} from "../../src/srs/index.js";
import { srsDomain } from "../../src/srs/module.js";
import {
  endLearningSession,
  masteryLevel,
  masteryVector,
  nextItem,
  startLearningSession,
  submitAttempt,
} from "../../src/tutor/index.js";
import { tutorDomain } from "../../src/tutor/module.js";
import { TEST_START, testPlatform } from "../helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK } from "../helpers/tutor-pack.js";

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.parse(TEST_START) + days * DAY);

async function setup() {
  const clock = new ManualClock(TEST_START);
  const { platform: p } = await testPlatform({ clock });
  await publishTutorPack(p);
  return { p, clock };
}
const useAlgorithm = (p: Platform, userId: string, srsAlgorithm: "sm2" | "fsrs") =>
  putPreferences(p, { userId, role: "learner" }, userId, { ...DEFAULT_PREFERENCES, srsAlgorithm } as never);

describe("review cards", () => {
  it("come from the items tried in the tutor, due a day later, and come back first in practice", async () => {
    const { p, clock } = await setup();
    const s1 = (await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK })).session;
    let v = await nextItem(p, "u1", s1.id);
    const tried: string[] = [];
    for (let i = 0; i < 3; i++) {
      const q = v.current!.question;
      tried.push(q.id);
      await submitAttempt(p, "u1", s1.id, { questionId: q.id, answer: "c" });
      v = await nextItem(p, "u1", s1.id, { skip: true });
    }
    // Looked at, never tried: no card.
    const untried = v.current!.question.id;
    await endLearningSession(p, "u1", s1.id);
    expect((await dueReviews(p, "u1")).dueCount).toBe(0);
    clock.set(at(1.01));
    const due = await dueReviews(p, "u1");
    expect(due.items.map((c) => c.questionId).sort()).toEqual([...tried].sort());
    expect(due.items.map((c) => c.questionId)).not.toContain(untried);
    expect(due.items[0]!.back).toMatch(/rule of/);
    const s2 = (await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK })).session;
    expect(tried).toContain((await nextItem(p, "u1", s2.id)).current!.question.id);
  });

  it("grade with SM-2 or FSRS as the learner chose, and undo puts the card back once", async () => {
    const { p, clock } = await setup();
    const q = (await getPublishedQuestion(p, "alpha-1"))!;
    await ensureQuestionCard(p, "u1", q);
    clock.set(at(1));
    await useAlgorithm(p, "u1", "sm2");
    const sm2 = await gradeCard(p, "u1", "q-alpha-1", "good");
    expect(sm2).toMatchObject({ algorithm: "sm2", reviews: 1, canUndo: true });
    expect(sm2.dueAt).toBe(at(2).toISOString());
    const undone = await undoReview(p, "u1", "q-alpha-1");
    expect(undone).toMatchObject({ reviews: 0, canUndo: false, dueAt: at(1).toISOString() });
    await expect(undoReview(p, "u1", "q-alpha-1")).rejects.toMatchObject({ code: "review.nothing_to_undo" });

    await useAlgorithm(p, "u1", "fsrs");
    const fsrs = await gradeCard(p, "u1", "q-alpha-1", "good");
    // The same transition ts-fsrs gives for a new card graded Good at that instant.
    const expected = grade(newSchedule(at(0)), "good", at(1), "fsrs").dueAt.toISOString();
    expect(fsrs).toMatchObject({ algorithm: "fsrs", dueAt: expected });
    const again = await gradeCard(p, "u1", "q-alpha-1", "again");
    expect(again.lapses).toBe(1);
  });

  it("caps the day's reviews in the learner's timezone and reads them soonest first", async () => {
    const { p, clock } = await setup();
    const q = (await getPublishedQuestion(p, "alpha-1"))!;
    for (let i = 0; i < DAILY_REVIEW_CAP + 5; i++) {
      clock.set(new Date(Date.parse(TEST_START) + i * 60_000));
      await ensureQuestionCard(p, "u1", { ...q, id: `alpha-1-copy-${String(i).padStart(3, "0")}` });
    }
    clock.set(at(2));
    const first = await dueReviews(p, "u1");
    expect(first).toMatchObject({ dueCount: DAILY_REVIEW_CAP + 5, reviewedToday: 0 });
    expect(first.items).toHaveLength(DAILY_REVIEW_CAP);
    const dues = first.items.map((c) => c.dueAt);
    expect([...dues].sort()).toEqual(dues);
    for (const c of first.items.slice(0, 10)) await gradeCard(p, "u1", c.id, "easy");
    const later = await dueReviews(p, "u1");
    expect(later).toMatchObject({ dueCount: DAILY_REVIEW_CAP - 5, reviewedToday: 10 });
    expect(later.items).toHaveLength(DAILY_REVIEW_CAP - 10);
    await expect(gradeCard(p, "u1", "q-nope", "good")).rejects.toBeInstanceOf(AppError);
  });

  it("move the tutor's mastery after the grade commits, with the level in words", async () => {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock, domains: [tutorDomain, srsDomain] });
    await publishTutorPack(p);
    const q = (await getPublishedQuestion(p, "beta-5"))!;
    await ensureQuestionCard(p, "u1", q);
    clock.set(at(1));
    const before = await masteryVector(p, "u1", TUTOR_TRACK);
    expect(before.tags).toEqual([]);
    await gradeCard(p, "u1", "q-beta-5", "easy");
    expect(await deliverDueEffects(p)).toBeGreaterThanOrEqual(1);
    const after = await masteryVector(p, "u1", TUTOR_TRACK);
    const beta = after.tags.find((t) => t.tag === "beta")!;
    // An easy recall of a difficulty-5 item from the prior: a big step up.
    expect(beta.mastery).toBeGreaterThan(0.45);
    expect(beta.level).toBe(masteryLevel(beta.mastery));
    expect(["familiar", "proficient"]).toContain(beta.level);
  });
});
