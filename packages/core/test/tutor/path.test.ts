// The diagnostic and the adaptive path against DynamoDB Local: harder after a right answer and easier after a
// wrong one, at most twelve items, a first mastery vector; practice takes due reviews first, then the weakest tag,
// never repeating an item in a session. And the complex moments a stuck learner triggers.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/platform/index.js";
import {
  DIAGNOSTIC_ITEMS,
  endLearningSession,
  getLearningSession,
  type LearningSessionView,
  nextItem,
  requestHint,
  sendMessage,
  startLearningSession,
  submitAttempt,
} from "../../src/tutor/index.js";
import { AgendaFlag } from "../../src/tutor/records.js";
import { TEST_START, testPlatform } from "../helpers/platform.js";
import { publishTutorPack, TUTOR_TRACK, WORDS } from "../helpers/tutor-pack.js";

const rightAnswer = (id: string) => WORDS[id] ?? "b";

async function answerCurrent(p: Parameters<typeof nextItem>[0], id: string, v: LearningSessionView, right: boolean) {
  const q = v.current!.question;
  return submitAttempt(p, "u1", id, { questionId: q.id, answer: right ? rightAnswer(q.id) : "c" });
}

describe("the diagnostic", () => {
  it("climbs after right answers, drops after wrong ones, stops at twelve and places the learner", async () => {
    const { platform: p } = await testPlatform();
    await publishTutorPack(p);
    const { session } = await startLearningSession(p, "u1", { mode: "diagnostic", track: TUTOR_TRACK });
    expect(session.itemsPlanned).toBe(DIAGNOSTIC_ITEMS);
    const asked: { id: string; tag: string; difficulty: number }[] = [];
    let v = await nextItem(p, "u1", session.id);
    while (v.current) {
      const q = v.current.question;
      asked.push({ id: q.id, tag: q.tags[0]!, difficulty: q.difficulty });
      // Right in alpha, wrong in beta, alternating in delta.
      const right = q.tags[0] === "alpha" || (q.tags[0] === "delta" && asked.length % 2 === 0);
      if (q.kind !== "code") await answerCurrent(p, session.id, v, right);
      expect(v.current.nextHintLevel).toBeNull();
      v = await nextItem(p, "u1", session.id, { skip: q.kind === "code" });
    }
    expect(asked.length).toBeLessThanOrEqual(DIAGNOSTIC_ITEMS);
    expect(new Set(asked.map((a) => a.id)).size).toBe(asked.length);
    const alpha = asked.filter((a) => a.tag === "alpha").map((a) => a.difficulty);
    const beta = asked.filter((a) => a.tag === "beta").map((a) => a.difficulty);
    expect(alpha.slice(0, 3)).toEqual([2, 3, 4]);
    expect(beta.slice(0, 2)).toEqual([2, 1]);
    expect(v.status).toBe("ended");
    const mastery = Object.fromEntries(v.mastery!.tags.map((t) => [t.tag, t.mastery]));
    expect(mastery.alpha).toBeGreaterThan(mastery.delta!);
    expect(mastery.delta).toBeGreaterThan(mastery.beta!);
    expect(v.mastery!.placedAt).not.toBeNull();
  });
});

describe("the practice path", () => {
  it("starts with the weakest tag at a suitable difficulty and never repeats an item", async () => {
    const { platform: p } = await testPlatform();
    await publishTutorPack(p);
    // Placement: strong in alpha and beta, weak in delta.
    const d = (await startLearningSession(p, "u1", { mode: "diagnostic", track: TUTOR_TRACK })).session;
    let v = await nextItem(p, "u1", d.id);
    while (v.current) {
      const q = v.current.question;
      if (q.kind !== "code") await answerCurrent(p, d.id, v, q.tags[0] !== "delta");
      v = await nextItem(p, "u1", d.id, { skip: q.kind === "code" });
    }
    const practice = (await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK })).session;
    const first = await nextItem(p, "u1", practice.id);
    expect(first.current!.question.tags).toContain("delta");
    const seen: string[] = [];
    let w = first;
    while (w.current) {
      seen.push(w.current.question.id);
      w = await nextItem(p, "u1", practice.id, { skip: true });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(w.status).toBe("ended");
  });

  it("brings a missed item back as a review once it is due, before anything new", async () => {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock });
    await publishTutorPack(p);
    const s1 = (await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK })).session;
    const v = await nextItem(p, "u1", s1.id);
    const missed = v.current!.question.id;
    await answerCurrent(p, s1.id, v, false);
    await endLearningSession(p, "u1", s1.id);
    clock.set(new Date(Date.parse(TEST_START) + 2 * 86_400_000));
    const s2 = (await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK })).session;
    expect((await nextItem(p, "u1", s2.id)).current!.question.id).toBe(missed);
  });

  it("resumes the open session on a second start and keeps the item on reload", async () => {
    const { platform: p } = await testPlatform();
    await publishTutorPack(p);
    const a = await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK });
    const shown = await nextItem(p, "u1", a.session.id);
    const b = await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK });
    expect(b.resumed).toBe(true);
    expect(b.session.id).toBe(a.session.id);
    const again = await nextItem(p, "u1", a.session.id);
    expect(again.current!.question.id).toBe(shown.current!.question.id);
    expect(again.events.filter((e) => e.type === "presented")).toHaveLength(1);
  });
});

describe("complex moments", () => {
  async function stuckOn() {
    const clock = new ManualClock(TEST_START);
    const { platform: p } = await testPlatform({ clock });
    await publishTutorPack(p);
    const { session } = await startLearningSession(p, "u1", { mode: "practice", track: TUTOR_TRACK });
    const v = await nextItem(p, "u1", session.id);
    return { p, clock, id: session.id, q: v.current!.question };
  }
  const flags = (p: Parameters<typeof nextItem>[0]) =>
    p.store.queryAll(AgendaFlag.query("ofLearner", { userId: "u1" }));

  it("three wrong attempts: an event with a micro-lesson and a pod nudge, and a flag for the coach", async () => {
    const { p, id, q } = await stuckOn();
    for (let i = 0; i < 4; i++) await submitAttempt(p, "u1", id, { questionId: q.id, answer: "c" });
    const v = await getLearningSession(p, "u1", id);
    const moments = v.events.filter((e) => e.type === "complex_moment");
    expect(moments).toHaveLength(1);
    expect(moments[0]).toMatchObject({ reason: "repeated_wrong", lesson: { id: q.lessons[0] } });
    expect(moments[0]!.podNudge).toMatch(/pod/);
    const f = await flags(p);
    expect(f).toMatchObject([{ reason: "repeated_wrong", questionId: q.id, track: TUTOR_TRACK }]);
  });

  it("frustration in a message, a burst of hints, and a long pause each raise one", async () => {
    const { p, clock, id, q } = await stuckOn();
    await sendMessage(p, "u1", id, { text: "ugh I give up, this makes no sense" });
    for (let i = 0; i < 3; i++) {
      await submitAttempt(p, "u1", id, { questionId: q.id, answer: i === 0 ? "a" : "c" });
      await requestHint(p, "u1", id, { questionId: q.id });
    }
    clock.set(new Date(Date.parse(TEST_START) + 15 * 60_000));
    await nextItem(p, "u1", id);
    const reasons = (await getLearningSession(p, "u1", id)).events
      .filter((e) => e.type === "complex_moment")
      .map((e) => e.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons).toEqual(expect.arrayContaining(["frustration", "hint_burst", "repeated_wrong", "idle"]));
    expect((await flags(p)).length).toBe(4);
  });
});
