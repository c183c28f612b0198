// Content's shapes: questions (multiple choice, short answer, code exercise), lessons, their immutable versions,
// content packs, and the learner's view of each, which never carries an answer, explanation or hidden test.
import { z } from "../platform/schema.js";

/** Bounds every authored text is held to: a pack is data from outside and is checked like a request body. */
export const CONTENT_LIMITS = {
  idLength: 80,
  titleLength: 160,
  promptLength: 8_000,
  lessonBodyLength: 40_000,
  answerLength: 2_000,
  explanationLength: 8_000,
  hintLength: 2_000,
  tags: 12,
  tagLength: 40,
  choices: 8,
  acceptedAnswers: 20,
  codeLength: 20_000,
  tests: 40,
  packQuestions: 1_000,
  packLessons: 300,
} as const;

/** A stable, URL-safe id an author picks (`np-few-shot-1`): packs re-import onto the same ids. */
export const ContentId = z
  .string()
  .min(3)
  .max(CONTENT_LIMITS.idLength)
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, "Use lower-case letters, digits and hyphens, e.g. np-few-shot-1.");

export const Tag = z
  .string()
  .min(2)
  .max(CONTENT_LIMITS.tagLength)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lower-case letters, digits and hyphens.");

/** A catalog content track (`net-prompting`, `fitness-habits`). */
export const Track = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/);

export const Difficulty = z.number().int().min(1).max(5);

export const ContentStatus = z.enum(["draft", "published", "archived"]);
export type ContentStatus = z.infer<typeof ContentStatus>;

export const QuestionKind = z.enum(["multiple_choice", "short_answer", "code"]);
export type QuestionKind = z.infer<typeof QuestionKind>;

/**
 * Authored hints for levels 1–4 of the ladder (1 clarify the question, 2 conceptual nudge, 3 strategy, 4 a worked
 * step); level 5 is the full explanation, which the question carries as `explanation`.
 */
const AuthoredHint = z.string().min(1).max(CONTENT_LIMITS.hintLength);
export const AuthoredHints = z
  .tuple([AuthoredHint, AuthoredHint, AuthoredHint, AuthoredHint])
  .openapi({ minItems: 4, maxItems: 4, items: { type: "string", minLength: 1, maxLength: CONTENT_LIMITS.hintLength } });

export const Choice = z.object({
  /** "a", "b", …: what a learner answers with. */
  key: z
    .string()
    .max(1)
    .regex(/^[a-h]$/),
  text: z.string().min(1).max(CONTENT_LIMITS.answerLength),
});

/**
 * One test of a code exercise: the exercise's function is called with `args` and must return a value deeply equal
 * to `expected` (JSON values). Hidden tests are never shown to a learner, not even their names.
 */
export const CodeTest = z
  .object({
    name: z.string().min(1).max(CONTENT_LIMITS.titleLength),
    args: z.array(z.unknown()).max(20),
    expected: z.unknown(),
  })
  // `expected` may be any JSON value, but it must be there (null included).
  .openapi({ required: ["name", "args", "expected"] });
export type CodeTest = z.infer<typeof CodeTest>;

const QuestionCommon = {
  id: ContentId,
  track: Track,
  title: z.string().min(1).max(CONTENT_LIMITS.titleLength),
  /** Markdown. */
  prompt: z.string().min(1).max(CONTENT_LIMITS.promptLength),
  /** Full explanation (level 5 of the ladder). Never sent before level 5 or a correct answer. */
  explanation: z.string().min(1).max(CONTENT_LIMITS.explanationLength),
  hints: AuthoredHints,
  tags: z.array(Tag).min(1).max(CONTENT_LIMITS.tags),
  difficulty: Difficulty,
  /** Lessons (ids) a learner stuck on this question is pointed to. */
  lessons: z.array(ContentId).max(5).default([]),
};

export const MultipleChoiceBody = z.object({
  ...QuestionCommon,
  kind: z.literal("multiple_choice"),
  choices: z.array(Choice).min(2).max(CONTENT_LIMITS.choices),
  /** The key of the right choice. */
  answer: z
    .string()
    .max(1)
    .regex(/^[a-h]$/),
});

export const ShortAnswerBody = z.object({
  ...QuestionCommon,
  kind: z.literal("short_answer"),
  /** The canonical answer, shown at level 5. */
  answer: z.string().min(1).max(CONTENT_LIMITS.answerLength),
  /** Other spellings that count as right; matched after normalising case, spaces and punctuation. */
  accepted: z.array(z.string().min(1).max(CONTENT_LIMITS.answerLength)).max(CONTENT_LIMITS.acceptedAnswers).default([]),
});

export const CodeBody = z.object({
  ...QuestionCommon,
  kind: z.literal("code"),
  language: z.enum(["javascript", "typescript"]),
  /** The function the tests call, e.g. `countTokens`. */
  entry: z
    .string()
    .max(CONTENT_LIMITS.idLength)
    .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/),
  /** What the learner's editor starts with. */
  starter: z.string().max(CONTENT_LIMITS.codeLength),
  /** A reference solution: never sent to a learner; the pack check runs it against every test. */
  answer: z.string().min(1).max(CONTENT_LIMITS.codeLength),
  visibleTests: z.array(CodeTest).min(1).max(CONTENT_LIMITS.tests),
  hiddenTests: z.array(CodeTest).min(1).max(CONTENT_LIMITS.tests),
});

/** What an author writes for a question; the server adds status and versions. */
export const QuestionBody = z.discriminatedUnion("kind", [MultipleChoiceBody, ShortAnswerBody, CodeBody]);
export type QuestionBody = z.infer<typeof QuestionBody>;

/** A lesson's key point as a recall card: a question the lesson answers, and the answer in a sentence or two. */
export const KeyPoint = z.object({
  prompt: z.string().min(1).max(300),
  answer: z.string().min(1).max(1000),
});
export type KeyPoint = z.infer<typeof KeyPoint>;

export const LessonBody = z.object({
  id: ContentId,
  track: Track,
  title: z.string().min(1).max(CONTENT_LIMITS.titleLength),
  /** One or two sentences: what a learner gets from it. */
  summary: z.string().min(1).max(500),
  /** Markdown. */
  body: z.string().min(1).max(CONTENT_LIMITS.lessonBodyLength),
  tags: z.array(Tag).min(1).max(CONTENT_LIMITS.tags),
  difficulty: Difficulty,
  minutes: z.number().int().min(1).max(60),
  /** What a learner should keep from it; each becomes a review card when the learner adds the lesson's key points. */
  keyPoints: z.array(KeyPoint).max(8).optional(),
});
export type LessonBody = z.infer<typeof LessonBody>;

/** A content pack (JSON): one track's questions and lessons, imported as drafts or published at once. */
export const ContentPack = z.object({
  format: z.literal("pactly.content-pack/1"),
  /** e.g. `net_prompting`: the sprint type the pack is written for. */
  name: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .max(60),
  track: Track,
  title: z.string().min(1).max(CONTENT_LIMITS.titleLength),
  description: z.string().max(2_000).default(""),
  questions: z.array(QuestionBody).max(CONTENT_LIMITS.packQuestions),
  lessons: z.array(LessonBody).max(CONTENT_LIMITS.packLessons),
});
export type ContentPack = z.infer<typeof ContentPack>;

/** What a learner may see of a question: no answer, explanation, authored hints or hidden tests. */
export const LearnerQuestion = z
  .object({
    id: z.string(),
    version: z.number().int(),
    kind: QuestionKind,
    track: z.string(),
    title: z.string(),
    prompt: z.string(),
    tags: z.array(z.string()),
    difficulty: z.number().int(),
    lessons: z.array(z.string()),
    choices: z.array(Choice).optional(),
    language: z.enum(["javascript", "typescript"]).optional(),
    entry: z.string().optional(),
    starter: z.string().optional(),
    visibleTests: z.array(CodeTest).optional(),
    /** How many hidden tests a submission also runs against (never which). */
    hiddenTestCount: z.number().int().optional(),
  })
  .openapi("LearnerQuestion");
export type LearnerQuestion = z.infer<typeof LearnerQuestion>;

export const LearnerLesson = z
  .object({
    id: z.string(),
    version: z.number().int(),
    track: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    difficulty: z.number().int(),
    minutes: z.number().int(),
    keyPoints: z.array(KeyPoint),
  })
  .openapi("LearnerLesson");
export type LearnerLesson = z.infer<typeof LearnerLesson>;

/** A published question as the server holds it: the body with the version it is. */
export type PublishedQuestion = QuestionBody & { version: number };
export type PublishedLesson = LessonBody & { version: number };
