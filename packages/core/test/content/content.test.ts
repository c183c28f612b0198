// The content bank against DynamoDB Local: drafts, immutable published versions, what learners are offered.
import { describe, expect, it } from "vitest";
import {
  archive,
  getPublishedQuestion,
  getVersion,
  learnerQuestion,
  listHeads,
  listPublishedQuestions,
  listVersions,
  publish,
  saveDraft,
} from "../../src/content/index.js";
import { testPlatform } from "../helpers/platform.js";

const mc = (over: Record<string, unknown> = {}) => ({
  id: "np-temperature-1",
  track: "net-prompting",
  kind: "multiple_choice",
  title: "Temperature",
  prompt: "Which setting makes replies **more varied**?",
  explanation: "A higher temperature flattens the distribution the next token is drawn from.",
  hints: ["What is being asked?", "Think of sampling.", "Compare the options.", "Low values pick the top token."],
  tags: ["sampling"],
  difficulty: 2,
  choices: [
    { key: "a", text: "Temperature 0" },
    { key: "b", text: "Temperature 1.2" },
  ],
  answer: "b",
  ...over,
});

const code = {
  id: "np-count-words",
  track: "net-prompting",
  kind: "code",
  title: "Count words",
  prompt: "Write `countWords(text)`.",
  explanation: "Split on whitespace after trimming.",
  hints: ["h1", "h2", "h3", "h4"],
  tags: ["tokens"],
  difficulty: 1,
  language: "javascript",
  entry: "countWords",
  starter: "function countWords(text) {\n  return 0;\n}",
  answer: "function countWords(t) { return t.trim() ? t.trim().split(/\\s+/).length : 0; }",
  visibleTests: [{ name: "two words", args: ["a b"], expected: 2 }],
  hiddenTests: [{ name: "empty text", args: [""], expected: 0 }],
};

describe("content bank", () => {
  it("keeps a draft from learners until it is published, and every publish is a new immutable version", async () => {
    const { platform: p } = await testPlatform();
    await saveDraft(p, "question", mc(), { by: "admin-1" });
    expect(await getPublishedQuestion(p, "np-temperature-1")).toBeUndefined();
    expect(await listPublishedQuestions(p, "net-prompting")).toEqual([]);

    await publish(p, "question", "np-temperature-1", { by: "admin-1" });
    const v1 = await getPublishedQuestion(p, "np-temperature-1");
    expect(v1?.version).toBe(1);

    // An edit is a draft: learners keep seeing version 1 until it is published as version 2.
    const head = await saveDraft(p, "question", mc({ title: "Sampling temperature" }), { by: "admin-2" });
    expect(head.draft?.title).toBe("Sampling temperature");
    expect((await getPublishedQuestion(p, "np-temperature-1"))?.title).toBe("Temperature");
    await publish(p, "question", "np-temperature-1", { by: "admin-2" });

    expect((await getPublishedQuestion(p, "np-temperature-1"))?.version).toBe(2);
    // An attempt pinned to version 1 still reads what it answered.
    expect((await getVersion(p, "question", "np-temperature-1", 1))?.title).toBe("Temperature");
    expect((await listVersions(p, "question", "np-temperature-1")).map((v) => v.publishedBy)).toEqual([
      "admin-1",
      "admin-2",
    ]);
  });

  it("refuses to publish when nothing changed, and an edit from a stale copy", async () => {
    const { platform: p } = await testPlatform();
    const first = await saveDraft(p, "question", mc(), { by: "a" });
    await publish(p, "question", "np-temperature-1", { by: "a" });
    // Saving the published body again leaves nothing pending.
    const same = await saveDraft(p, "question", mc(), { by: "a" });
    expect(same.draft).toBeNull();
    await expect(publish(p, "question", "np-temperature-1", { by: "a" })).rejects.toMatchObject({
      code: "content.nothing_to_publish",
    });
    await expect(
      saveDraft(p, "question", mc({ title: "Stale" }), { by: "b", expectedVersion: first.version }),
    ).rejects.toMatchObject({ code: "content.edit_conflict", status: 409 });
    await expect(saveDraft(p, "question", mc({ track: "fitness-habits" }), { by: "a" })).rejects.toMatchObject({
      code: "content.track_fixed",
    });
  });

  it("rejects a malformed body with the field paths, storing nothing", async () => {
    const { platform: p } = await testPlatform();
    await expect(saveDraft(p, "question", mc({ answer: "z", difficulty: 9 }), { by: "a" })).rejects.toThrow();
    expect(await listHeads(p, "question", "net-prompting")).toEqual([]);
  });

  it("archiving takes an item out of the track's offer; its versions still resolve", async () => {
    const { platform: p } = await testPlatform();
    await saveDraft(p, "question", mc(), { by: "a" });
    await publish(p, "question", "np-temperature-1", { by: "a" });
    await archive(p, "question", "np-temperature-1", { by: "a" });
    expect(await listPublishedQuestions(p, "net-prompting")).toEqual([]);
    expect(await getVersion(p, "question", "np-temperature-1", 1)).toBeDefined();
    // Publishing again restores it.
    await publish(p, "question", "np-temperature-1", { by: "a" });
    expect((await listPublishedQuestions(p, "net-prompting")).map((q) => q.id)).toEqual(["np-temperature-1"]);
  });

  it("a learner's view of a question carries no answer, explanation, hints or hidden tests", async () => {
    const { platform: p } = await testPlatform();
    await saveDraft(p, "question", code, { by: "a" });
    await publish(p, "question", code.id, { by: "a" });
    const q = (await getPublishedQuestion(p, code.id))!;
    const view = learnerQuestion(q);
    const text = JSON.stringify(view);
    expect(view.visibleTests).toEqual(code.visibleTests);
    expect(view.hiddenTestCount).toBe(1);
    expect(text).not.toContain("empty text");
    expect(text).not.toContain("split(");
    expect(text).not.toContain(code.explanation);
    expect(text).not.toContain("h4");
  });
});
