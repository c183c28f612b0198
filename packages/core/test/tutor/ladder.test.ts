// The hint ladder against DynamoDB Local: one rung at a time, each unlocked by an attempt, a replayed request
// harmless, the score lowered by the documented weights, and attempts graded against the version presented.
import { describe, expect, it } from "vitest";
import { importPack } from "../../src/content/index.js";
import { AppError } from "../../src/platform/index.js";
import {
  getLearningSession,
  HINT_WEIGHTS,
  nextItem,
  requestHint,
  startLearningSession,
  submitAttempt,
} from "../../src/tutor/index.js";
import { TEST_START, testPlatform } from "../helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK, tutorPack } from "../helpers/tutor-pack.js";

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "ok";
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

async function practiceOn(questionId: string) {
  const { platform: p } = await testPlatform();
  await publishTutorPack(p);
  const { session } = await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK });
  let v = await nextItem(p, "u1", session.id);
  // Walk to the wanted item by skipping others (the path picks the weakest tag's easiest item first).
  while (v.current && v.current.question.id !== questionId) v = await nextItem(p, "u1", session.id, { skip: true });
  if (!v.current) throw new Error(`never presented ${questionId}`);
  return { p, id: session.id, v };
}

describe("the hint ladder", () => {
  it("unlocks one level per attempt, refuses skips, and replays a shown level without moving", async () => {
    const { p, id } = await practiceOn("alpha-1");
    const q = "alpha-1";
    expect(await codeOf(requestHint(p, "u1", id, { questionId: q }))).toBe("tutor.hint_locked");
    await submitAttempt(p, "u1", id, { questionId: q, answer: "a" });
    expect(await codeOf(requestHint(p, "u1", id, { questionId: q, level: 2 }))).toBe("tutor.hint_locked");
    const h1 = await requestHint(p, "u1", id, { questionId: q, level: 1 });
    expect(h1.text).toMatch(/^Clarify alpha 1/);
    expect(h1.session.current?.nextHintLevel).toBeNull();
    // The same request again: the same hint, no new event, no new level.
    const again = await requestHint(p, "u1", id, { questionId: q, level: 1 });
    expect(again.text).toBe(h1.text);
    expect(again.session.events.length).toBe(h1.session.events.length);
    expect(await codeOf(requestHint(p, "u1", id, { questionId: q }))).toBe("tutor.hint_locked");
    for (const level of [2, 3, 4, 5]) {
      await submitAttempt(p, "u1", id, { questionId: q, answer: "c" });
      const h = await requestHint(p, "u1", id, { questionId: q });
      expect(h.level).toBe(level);
    }
    const end = await getLearningSession(p, "u1", id);
    expect(end.current?.explanation).toMatch(/rule of alpha/);
    expect(end.current?.answer).toBe("b) Bananas");
    expect(await codeOf(submitAttempt(p, "u1", id, { questionId: q, answer: "b" }))).toBe("tutor.item_closed");
    const hints = end.events.filter((e) => e.type === "hint").map((e) => e.level);
    expect(hints).toEqual([1, 2, 3, 4, 5]);
    // Every trace of the session expires with the privacy TTL (90 days by default).
    const stored = await p.store.queryAll({ pk: "USER#u1", sk: { beginsWith: `LEARN#${id}` } });
    const ttl = Date.parse(TEST_START) / 1000 + 90 * 86_400;
    expect(stored.length).toBe(end.events.length + 1);
    for (const item of stored) expect(item.expiresAt).toBe(ttl);
  });

  it("lowers a right answer's score by the highest level used", async () => {
    const { p, id } = await practiceOn("alpha-1");
    await submitAttempt(p, "u1", id, { questionId: "alpha-1", answer: "c" });
    await requestHint(p, "u1", id, { questionId: "alpha-1" });
    await submitAttempt(p, "u1", id, { questionId: "alpha-1", answer: "a" });
    await requestHint(p, "u1", id, { questionId: "alpha-1" });
    const right = await submitAttempt(p, "u1", id, { questionId: "alpha-1", answer: "(B)" });
    expect(right.correct).toBe(true);
    expect(right.score).toBe(HINT_WEIGHTS[2]);
    expect(right.session.current?.explanation).toMatch(/rule of alpha/);
    const next = await nextItem(p, "u1", id);
    expect(next.score).toBe(HINT_WEIGHTS[2]);
    expect(next.current?.question.id).not.toBe("alpha-1");
  });

  it("refuses hints and attempts on an item that is not the one presented", async () => {
    const { p, id } = await practiceOn("alpha-1");
    expect(await codeOf(submitAttempt(p, "u1", id, { questionId: "beta-3", answer: "b" }))).toBe(
      "tutor.not_current_item",
    );
    expect(await codeOf(requestHint(p, "u1", id, { questionId: "beta-3", level: 1 }))).toBe("tutor.not_current_item");
  });

  it("lets only one of two simultaneous steps through (a second tab or a replayed request)", async () => {
    const { p, id } = await practiceOn("alpha-1");
    await submitAttempt(p, "u1", id, { questionId: "alpha-1", answer: "a" });
    const results = await Promise.all([
      codeOf(requestHint(p, "u1", id, { questionId: "alpha-1" })),
      codeOf(requestHint(p, "u1", id, { questionId: "alpha-1" })),
    ]);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    const v = await getLearningSession(p, "u1", id);
    expect(v.current?.hintLevel).toBe(1);
    expect(v.events.filter((e) => e.type === "hint")).toHaveLength(1);
  });

  it("grades an attempt against the version presented, even after a new one is published", async () => {
    const { p, id } = await practiceOn("alpha-2");
    const pack = tutorPack();
    const edited = pack.questions.map((q) => (q.id === "alpha-2" ? { ...q, answer: "pelican" } : q));
    await importPack(p, { ...pack, questions: edited }, { by: "author", publish: true });
    const old = await submitAttempt(p, "u1", id, { questionId: "alpha-2", answer: "Zephyr!" });
    expect(old.correct).toBe(true);
    const attempt = old.session.events.find((e) => e.type === "attempt");
    expect(attempt?.questionVersion).toBe(1);
    expect(old.session.current?.question.version).toBe(1);
    // The next learner to meet the item gets version 2.
    const { session } = await startLearningSession(p, "u2", { mode: "practice", track: TUTOR_TRACK });
    let v = await nextItem(p, "u2", session.id);
    while (v.current && v.current.question.id !== "alpha-2") v = await nextItem(p, "u2", session.id, { skip: true });
    expect(v.current?.question.version).toBe(2);
  });
});
