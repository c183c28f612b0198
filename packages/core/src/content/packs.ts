// Content packs: checking one (schema and the rules a schema cannot say), a dry run that reports what an import
// would change, the import itself, and exporting a track's published items as a pack.
import type { Platform } from "../platform/index.js";
import { listPublished, publish, sameBody, saveDraft } from "./content.js";
import { ContentPack, type LessonBody, type QuestionBody } from "./model.js";
import { ContentHead, type ContentHeadItem, type ContentKind } from "./records.js";

const headKeyOf = (kind: ContentKind, id: string) => ContentHead.key("one", { kind, id });

export interface PackProblem {
  /** Where in the pack, e.g. `questions[3].answer`. */
  path: string;
  message: string;
}

export interface PackReport {
  ok: boolean;
  problems: PackProblem[];
  counts: { questions: number; lessons: number; codeExercises: number };
  /** What an import does to each item; empty when the pack has problems. */
  changes: { kind: ContentKind; id: string; change: "new" | "changed" | "unchanged" }[];
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** The texts that would give a question away if a hint contained them. */
function answerTexts(q: QuestionBody): string[] {
  if (q.kind === "multiple_choice") {
    const right = q.choices.find((c) => c.key === q.answer);
    return right ? [right.text] : [];
  }
  if (q.kind === "short_answer") return [q.answer, ...q.accepted];
  return [];
}

/** The rules beyond the schema: unique ids, lesson references, a right choice that exists, hints that keep the answer. */
function ruleProblems(pack: ContentPack): PackProblem[] {
  const problems: PackProblem[] = [];
  const seen = new Map<string, string>();
  const note = (id: string, path: string) => {
    const first = seen.get(id);
    if (first) problems.push({ path, message: `Id "${id}" is used twice (first at ${first}).` });
    else seen.set(id, path);
  };
  pack.lessons.forEach((l, i) => {
    note(l.id, `lessons[${i}].id`);
    if (l.track !== pack.track)
      problems.push({ path: `lessons[${i}].track`, message: `Track "${l.track}" is not the pack's "${pack.track}".` });
  });
  const lessonIds = new Set(pack.lessons.map((l) => l.id));
  pack.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    note(q.id, `${at}.id`);
    if (q.track !== pack.track)
      problems.push({ path: `${at}.track`, message: `Track "${q.track}" is not the pack's "${pack.track}".` });
    q.lessons.forEach((ref, j) => {
      if (!lessonIds.has(ref))
        problems.push({ path: `${at}.lessons[${j}]`, message: `Lesson "${ref}" is not in the pack.` });
    });
    if (q.kind === "multiple_choice") {
      const keys = q.choices.map((c) => c.key);
      if (new Set(keys).size !== keys.length)
        problems.push({ path: `${at}.choices`, message: "Choice keys must be unique." });
      if (!keys.includes(q.answer))
        problems.push({ path: `${at}.answer`, message: `The answer "${q.answer}" is not one of the choices.` });
    }
    const secrets = answerTexts(q)
      .map(normalise)
      .filter((s) => s.length > 0);
    q.hints.forEach((hint, h) => {
      const text = ` ${normalise(hint)} `;
      if (secrets.some((s) => text.includes(` ${s} `)))
        problems.push({ path: `${at}.hints[${h}]`, message: `Hint ${h + 1} gives the answer away.` });
    });
  });
  return problems;
}

/** Checks a pack without touching storage: the schema's issues with their paths, then the rules. */
export function checkPack(input: unknown): { pack?: ContentPack; report: PackReport } {
  const parsed = ContentPack.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 200).map((i) => ({
      path: i.path
        .map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`))
        .join("")
        .replace(/^\./, ""),
      message: i.message,
    }));
    return { report: { ok: false, problems, counts: countsOf(input), changes: [] } };
  }
  const pack = parsed.data;
  const problems = ruleProblems(pack);
  return { pack, report: { ok: problems.length === 0, problems, counts: countsOf(pack), changes: [] } };
}

function countsOf(input: unknown): PackReport["counts"] {
  const o = (input ?? {}) as { questions?: unknown; lessons?: unknown };
  const questions = Array.isArray(o.questions) ? o.questions : [];
  return {
    questions: questions.length,
    lessons: Array.isArray(o.lessons) ? o.lessons.length : 0,
    codeExercises: questions.filter((q) => (q as { kind?: unknown })?.kind === "code").length,
  };
}

const IMPORT_PARALLELISM = 8;

type Entry = { kind: ContentKind; body: QuestionBody | LessonBody };
const entriesOf = (pack: ContentPack): Entry[] => [
  ...pack.lessons.map((body) => ({ kind: "lesson" as const, body })),
  ...pack.questions.map((body) => ({ kind: "question" as const, body })),
];

/**
 * Imports a pack: each item new or changed is saved as a draft and, with `publish`, published as its next version;
 * unchanged items are left alone, so importing the same pack twice writes nothing. `dryRun` reports the changes and
 * writes nothing. A pack with any problem imports nothing. `onlyNew` leaves every existing item as it is (seeding
 * never overwrites an author's edits).
 */
export async function importPack(
  p: Platform,
  input: unknown,
  opts: { by: string; publish: boolean; dryRun?: boolean; onlyNew?: boolean },
): Promise<PackReport> {
  const { pack, report } = checkPack(input);
  if (!pack || !report.ok) return report;
  const changes: PackReport["changes"] = [];
  const toWrite: Entry[] = [];
  const entries = entriesOf(pack);
  const heads = new Map(
    (await p.store.getMany<ContentHeadItem>(entries.map(({ kind, body }) => headKeyOf(kind, body.id)))).map((h) => [
      `${h.kind}#${h.id}`,
      h,
    ]),
  );
  for (const { kind, body } of entries) {
    const head = heads.get(`${kind}#${body.id}`);
    if (head && head.track !== pack.track) {
      report.problems.push({ path: `${kind}s.${body.id}`, message: `"${body.id}" belongs to track "${head.track}".` });
      continue;
    }
    if (head && opts.onlyNew) {
      changes.push({ kind, id: body.id, change: "unchanged" });
      continue;
    }
    const current = opts.publish ? head?.published : (head?.draft ?? head?.published);
    const live = !opts.publish || head?.status === "published";
    const change = !head ? "new" : current && sameBody(current, body) && live ? "unchanged" : "changed";
    changes.push({ kind, id: body.id, change });
    if (change !== "unchanged") toWrite.push({ kind, body });
  }
  if (report.problems.length > 0) return { ...report, ok: false };
  if (!opts.dryRun) {
    // A few items at a time: a seed pack is a few hundred writes, each its own small transaction.
    const writeOne = async ({ kind, body }: Entry) => {
      const head = await saveDraft(p, kind, body, { by: opts.by });
      if (opts.publish && (head.draft || head.status !== "published")) await publish(p, kind, body.id, { by: opts.by });
    };
    for (let i = 0; i < toWrite.length; i += IMPORT_PARALLELISM)
      await Promise.all(toWrite.slice(i, i + IMPORT_PARALLELISM).map(writeOne));
  }
  return { ...report, changes };
}

/** A track's published questions and lessons as a pack that imports back to the same items. */
export async function exportPack(
  p: Platform,
  opts: { track: string; name: string; title?: string },
): Promise<ContentPack> {
  const strip = <T extends { version: number }>({ version: _v, ...body }: T) => body;
  const [questions, lessons] = await Promise.all([
    listPublished(p, "question", opts.track),
    listPublished(p, "lesson", opts.track),
  ]);
  return {
    format: "pactly.content-pack/1",
    name: opts.name,
    track: opts.track,
    title: opts.title ?? opts.name,
    description: "",
    questions: questions.map(strip) as QuestionBody[],
    lessons: lessons.map(strip) as LessonBody[],
  };
}
