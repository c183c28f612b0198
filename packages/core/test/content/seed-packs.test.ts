// The seed packs a deploy loads: each passes the pack check, has the counts the product promises, and every code
// exercise's reference solution passes all its tests while its starter does not.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ContentPack,
  checkPack,
  getPublishedQuestion,
  listPublishedLessons,
  listPublishedQuestions,
  publish,
  type QuestionBody,
  saveDraft,
} from "../../src/content/index.js";
import { contentDomain } from "../../src/content/module.js";
import { testPlatform } from "../helpers/platform.js";

const packPath = (name: string) => fileURLToPath(new URL(`../../src/content/packs/${name}.json`, import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(packPath(name), "utf8")) as unknown;

type Code = Extract<QuestionBody, { kind: "code" }>;

/** Runs `source` in a fresh context and calls the exercise's entry with each test's args; true when all pass. */
function failingTests(q: Code, source: string): string[] {
  const js =
    q.language === "typescript"
      ? ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText
      : source;
  const failing: string[] = [];
  for (const t of [...q.visibleTests, ...q.hiddenTests]) {
    const context = vm.createContext({ args: structuredClone(t.args) });
    try {
      vm.runInContext(js, context, { timeout: 1000 });
      const fn = vm.runInContext(`typeof ${q.entry} === "function" ? ${q.entry} : undefined`, context);
      if (typeof fn !== "function") {
        failing.push(`${t.name}: no function ${q.entry}`);
        continue;
      }
      const got = vm.runInContext(`JSON.stringify(${q.entry}(...args))`, context, { timeout: 1000 });
      if (got !== JSON.stringify(t.expected)) failing.push(`${t.name}: got ${got}`);
    } catch (e) {
      failing.push(`${t.name}: ${(e as Error).message}`);
    }
  }
  return failing;
}

const SPECS = [
  { name: "net_prompting", track: "net-prompting", questions: 40, code: 10, lessons: 10 },
  { name: "gym_3x_week", track: "fitness-habits", questions: 30, code: 0, lessons: 8 },
] as const;

describe.each(SPECS)("seed pack $name", (spec) => {
  let pack: ContentPack | undefined;
  let report: ReturnType<typeof checkPack>["report"];
  beforeAll(() => {
    ({ pack, report } = checkPack(load(spec.name)));
  });

  it("passes the pack check with the promised counts", () => {
    expect(report.problems).toEqual([]);
    expect(pack?.name).toBe(spec.name);
    expect(pack?.track).toBe(spec.track);
    expect(report.counts.questions).toBeGreaterThanOrEqual(spec.questions);
    expect(report.counts.codeExercises).toBeGreaterThanOrEqual(spec.code);
    expect(report.counts.lessons).toBeGreaterThanOrEqual(spec.lessons);
  });

  it("covers every difficulty a diagnostic climbs through, with each tag taught by a lesson", () => {
    const p = pack as ContentPack;
    const difficulties = new Set(p.questions.map((q) => q.difficulty));
    for (const d of [1, 2, 3, 4]) expect(difficulties, `difficulty ${d}`).toContain(d);
    const lessonTags = new Set(p.lessons.flatMap((l) => l.tags));
    const untaught = [...new Set(p.questions.flatMap((q) => q.tags))].filter((t) => !lessonTags.has(t));
    expect(untaught).toEqual([]);
    const withoutLesson = p.questions.filter((q) => q.lessons.length === 0).map((q) => q.id);
    expect(withoutLesson).toEqual([]);
  });

  it("has distinct hints that each say something new, never the explanation itself", () => {
    for (const q of (pack as ContentPack).questions) {
      expect(new Set(q.hints).size, q.id).toBe(4);
      for (const h of q.hints) expect(h, q.id).not.toBe(q.explanation);
    }
  });

  it.runIf(spec.code > 0)("runs every reference solution green and every starter red", () => {
    const code = (pack as ContentPack).questions.filter((q): q is Code => q.kind === "code");
    expect(code.some((q) => q.language === "typescript")).toBe(true);
    for (const q of code) {
      expect(failingTests(q, q.answer), `${q.id} reference`).toEqual([]);
      expect(failingTests(q, q.starter).length, `${q.id} starter`).toBeGreaterThan(0);
    }
  });
});

describe("the content.seed job", () => {
  it("publishes both packs, writes nothing the second time, and never overwrites an author's edit", async () => {
    const { platform: p } = await testPlatform({ domains: [contentDomain] });
    const seed = contentDomain.jobs!["content.seed"]!;
    await seed(p, {});
    const [np, gym] = await Promise.all([
      listPublishedQuestions(p, "net-prompting"),
      listPublishedQuestions(p, "fitness-habits"),
    ]);
    expect(np.length).toBeGreaterThanOrEqual(40);
    expect(gym.length).toBeGreaterThanOrEqual(30);
    const edited = { ...np[0]!, title: "Edited by an author" };
    const { version: _v, ...body } = edited;
    await saveDraft(p, "question", body, { by: "author" });
    await publish(p, "question", body.id, { by: "author" });
    await seed(p, {});
    const after = await getPublishedQuestion(p, body.id);
    expect(after?.title).toBe("Edited by an author");
    expect(after?.version).toBe(2);
    expect((await listPublishedLessons(p, "net-prompting")).length).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
