// Grading an attempt against the version presented: a choice key, a short answer (case, spacing, punctuation and
// the spelling of numbers forgiven), or code run against the exercise's tests by the code runner.
import type { QuestionBody } from "../content/index.js";

/** Lower case, letters and digits only, single spaces: what two spellings of one answer share. */
export const normaliseText = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, " ")
    .replace(/(?<!\d)\.|\.(?!\d)/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;

/** The same number however written (`0.50`, `.5`, `1,000`), else undefined. */
export function asNumber(s: string): number | undefined {
  const t = s
    .trim()
    .replace(/,(?=\d{3}\b)/g, "")
    .replace(/^\./, "0.");
  return NUMBER.test(t) ? Number(t) : undefined;
}

export function shortAnswerMatches(given: string, accepted: readonly string[]): boolean {
  const g = normaliseText(given);
  const n = asNumber(given);
  return accepted.some((a) => {
    const an = asNumber(a);
    if (n !== undefined && an !== undefined) return Math.abs(n - an) < 1e-9;
    return normaliseText(a) === g;
  });
}

/** A choice key from what a learner sent: `b`, `B`, `(b)`, `b)`. */
export const choiceKeyOf = (given: string) =>
  given
    .trim()
    .toLowerCase()
    .replace(/^\(?([a-h])[).]?$/, "$1");

export type Grade = { correct: boolean; feedback: string };

/** Grades a multiple-choice or short answer. Code is graded by the runner (see `gradeCode`). */
export function gradeAnswer(q: Exclude<QuestionBody, { kind: "code" }>, given: string): Grade {
  if (q.kind === "multiple_choice") {
    const key = choiceKeyOf(given);
    if (!q.choices.some((c) => c.key === key))
      return { correct: false, feedback: `Answer with one of the choices: ${q.choices.map((c) => c.key).join(", ")}.` };
    return key === q.answer
      ? { correct: true, feedback: "Right." }
      : { correct: false, feedback: "Not this one. Look at what the question asks again." };
  }
  return shortAnswerMatches(given, [q.answer, ...q.accepted])
    ? { correct: true, feedback: "Right." }
    : { correct: false, feedback: "Not yet. What does the question ask for, exactly?" };
}
