// Content packs against DynamoDB Local: a report that names every problem by path, a dry run that writes nothing,
// an import that is idempotent, and an export that imports back unchanged.
import { describe, expect, it } from "vitest";
import {
  checkPack,
  exportPack,
  getPublishedQuestion,
  importPack,
  listHeads,
  listPublishedLessons,
} from "../../src/content/index.js";
import { testPlatform } from "../helpers/platform.js";

const lesson = {
  id: "np-sampling",
  track: "net-prompting",
  title: "Sampling",
  summary: "How temperature shapes replies.",
  body: "# Sampling\n\nTemperature scales the logits.",
  tags: ["sampling"],
  difficulty: 2,
  minutes: 6,
};
const question = (over: Record<string, unknown> = {}) => ({
  id: "np-temp",
  track: "net-prompting",
  kind: "short_answer",
  title: "Deterministic output",
  prompt: "Which temperature gives (nearly) deterministic replies?",
  explanation: "At 0 the most likely token is always picked.",
  hints: ["What is asked?", "Think of the distribution.", "Lower flattens less.", "Consider the extreme."],
  tags: ["sampling"],
  difficulty: 1,
  lessons: ["np-sampling"],
  answer: "0",
  accepted: ["zero"],
  ...over,
});
const pack = (over: Record<string, unknown> = {}) => ({
  format: "pactly.content-pack/1",
  name: "net_prompting",
  track: "net-prompting",
  title: "Prompting",
  questions: [question()],
  lessons: [lesson],
  ...over,
});

describe("content packs", () => {
  it("reports every problem with its path: schema, duplicate ids, missing lessons, a wrong choice, a leaking hint", () => {
    const schema = checkPack(pack({ questions: [question({ difficulty: 7 })] }));
    expect(schema.report.ok).toBe(false);
    expect(schema.report.problems.map((p) => p.path)).toContain("questions[0].difficulty");

    const rules = checkPack(
      pack({
        questions: [
          question({ lessons: ["np-missing"] }),
          question({ hints: ["What is asked?", "The answer is zero.", "c", "d"] }),
          {
            ...question({ id: "np-mc", kind: "multiple_choice", answer: "c" }),
            choices: [
              { key: "a", text: "One" },
              { key: "b", text: "Two" },
            ],
          },
        ],
      }),
    );
    const paths = rules.report.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "questions[0].lessons[0]",
        "questions[1].id",
        "questions[1].hints[1]",
        "questions[2].answer",
      ]),
    );
    expect(rules.report.ok).toBe(false);
    expect(checkPack({ nonsense: true }).report.ok).toBe(false);
  });

  it("a dry run writes nothing; an import publishes; the same pack again changes nothing", async () => {
    const { platform: p } = await testPlatform();
    const dry = await importPack(p, pack(), { by: "admin", publish: true, dryRun: true });
    expect(dry.changes).toEqual([
      { kind: "lesson", id: "np-sampling", change: "new" },
      { kind: "question", id: "np-temp", change: "new" },
    ]);
    expect(await listHeads(p, "question", "net-prompting")).toEqual([]);

    await importPack(p, pack(), { by: "admin", publish: true });
    expect((await getPublishedQuestion(p, "np-temp"))?.version).toBe(1);
    const again = await importPack(p, pack(), { by: "admin", publish: true });
    expect(again.changes.map((c) => c.change)).toEqual(["unchanged", "unchanged"]);
    expect((await getPublishedQuestion(p, "np-temp"))?.version).toBe(1);

    const edited = await importPack(p, pack({ questions: [question({ title: "Temperature zero" })] }), {
      by: "admin",
      publish: true,
    });
    expect(edited.changes.find((c) => c.id === "np-temp")?.change).toBe("changed");
    expect((await getPublishedQuestion(p, "np-temp"))?.version).toBe(2);
  });

  it("an invalid pack imports nothing at all", async () => {
    const { platform: p } = await testPlatform();
    const report = await importPack(p, pack({ questions: [question(), question({ lessons: ["nope"] })] }), {
      by: "admin",
      publish: true,
    });
    expect(report.ok).toBe(false);
    expect(await listPublishedLessons(p, "net-prompting")).toEqual([]);
  });

  it("exports a track's published items as a pack that imports back unchanged", async () => {
    const { platform: p } = await testPlatform();
    await importPack(p, pack(), { by: "admin", publish: true });
    const exported = await exportPack(p, { track: "net-prompting", name: "net_prompting" });
    expect(exported.questions.map((q) => q.id)).toEqual(["np-temp"]);
    const { platform: other } = await testPlatform();
    const into = await importPack(other, exported, { by: "admin", publish: true });
    expect(into.ok).toBe(true);
    expect(await getPublishedQuestion(other, "np-temp")).toMatchObject({ accepted: ["zero"] });
    const back = await importPack(p, exported, { by: "admin", publish: true });
    expect(back.changes.every((c) => c.change === "unchanged")).toBe(true);
  });
});
