// A small track for tutor tests: three tags with one question per difficulty each (multiple choice and short answer
// in turn), a code exercise, and a lesson per tag. Answers are distinctive words so a leak is easy to spot.
import { importPack } from "../../src/content/index.js";
import type { Platform } from "../../src/platform/index.js";

export const TUTOR_TRACK = "tutor-test";

const hints = (tag: string, d: number): [string, string, string, string] => [
  `Clarify ${tag} ${d}: what is being asked?`,
  `Nudge ${tag} ${d}: recall how the idea works.`,
  `Strategy ${tag} ${d}: rule out what cannot be right.`,
  `Worked step ${tag} ${d}: start from the definition and apply it once.`,
];

/** The short answer of `<tag>-<d>` (`alpha-2` → "zephyr"): one word per item, none shared with hints. */
export const WORDS: Record<string, string> = {
  "alpha-2": "zephyr",
  "alpha-4": "quasar",
  "beta-2": "marmot",
  "beta-4": "tundra",
};

export function tutorPack() {
  const questions: Record<string, unknown>[] = [];
  for (const tag of ["alpha", "beta", "delta"]) {
    for (const d of [1, 2, 3, 4, 5]) {
      const id = `${tag}-${d}`;
      const common = {
        id,
        track: TUTOR_TRACK,
        title: `${tag} question ${d}`,
        prompt: `Question ${id}: which one fits?`,
        explanation: `Because the rule of ${tag} picks the fitting option every single time it is applied here.`,
        hints: hints(tag, d),
        tags: [tag],
        difficulty: d,
        lessons: [`lesson-${tag}`],
      };
      questions.push(
        WORDS[id]
          ? { ...common, kind: "short_answer", answer: WORDS[id], accepted: [] }
          : {
              ...common,
              kind: "multiple_choice",
              choices: [
                { key: "a", text: "Apples" },
                { key: "b", text: "Bananas" },
                { key: "c", text: "Cherries" },
              ],
              answer: "b",
            },
      );
    }
  }
  questions.push({
    id: "gamma-code",
    track: TUTOR_TRACK,
    kind: "code",
    language: "javascript",
    title: "Double it",
    prompt: "Write `double(n)` returning twice `n`.",
    explanation: "Multiply by two: `return n * 2`.",
    hints: ["What goes in and out?", "Doubling is multiplication.", "Use the argument once.", "Start with `return`."],
    tags: ["gamma"],
    difficulty: 1,
    lessons: ["lesson-alpha"],
    entry: "double",
    starter: "function double(n) {\n  return 0;\n}",
    answer: "function double(n) {\n  const twiceTheInput = n * 2;\n  return twiceTheInput;\n}",
    visibleTests: [{ name: "two", args: [2], expected: 4 }],
    hiddenTests: [{ name: "negative", args: [-7], expected: -14 }],
  });
  const lessons = ["alpha", "beta", "delta"].map((tag) => ({
    id: `lesson-${tag}`,
    track: TUTOR_TRACK,
    title: `All about ${tag}`,
    summary: `How ${tag} works, in five minutes.`,
    body: `# ${tag}\n\nThe rule of ${tag}, explained.`,
    tags: tag === "alpha" ? ["alpha", "gamma"] : [tag],
    difficulty: 1,
    minutes: 5,
  }));
  return {
    format: "pactly.content-pack/1",
    name: "tutor_test",
    track: TUTOR_TRACK,
    title: "Tutor test",
    questions,
    lessons,
  };
}

export async function publishTutorPack(p: Platform) {
  const report = await importPack(p, tutorPack(), { by: "test", publish: true });
  if (!report.ok) throw new Error(JSON.stringify(report.problems));
}
