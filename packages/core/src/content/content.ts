// Authoring and reading the content bank: drafts, publishing immutable versions, the published set of a track,
// and the learner's view of an item.
import {
  commitWithEffects,
  conflict,
  type Effect,
  isConditionFailed,
  notFound,
  type Platform,
} from "../platform/index.js";
import {
  type LearnerLesson,
  type LearnerQuestion,
  LessonBody,
  type PublishedLesson,
  type PublishedQuestion,
  QuestionBody,
} from "./model.js";
import {
  type BodyOf,
  ContentHead,
  type ContentHeadItem,
  type ContentKind,
  ContentVersion,
  type ContentVersionItem,
  indexedHead,
  versionNumber,
} from "./records.js";
import { forgetSearchCache } from "./search-cache.js";

const headKey = (kind: ContentKind, id: string) => ContentHead.key("one", { kind, id });
const versionKey = (kind: ContentKind, id: string, n: number) =>
  ContentVersion.key("one", { kind, id, number: versionNumber(n) });

const noun = (kind: ContentKind) => (kind === "question" ? "Question" : "Lesson");

/** The same body, whatever order its keys were written in (a re-imported pack changes nothing). */
export function sameBody(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

export async function getHead<K extends ContentKind>(
  p: Platform,
  kind: K,
  id: string,
): Promise<ContentHeadItem<K> | undefined> {
  return p.store.get<ContentHeadItem<K>>(headKey(kind, id), { consistent: true });
}

async function headOrThrow<K extends ContentKind>(p: Platform, kind: K, id: string): Promise<ContentHeadItem<K>> {
  const head = await getHead(p, kind, id);
  if (!head) throw notFound(`content.${kind}_not_found`, `${noun(kind)} "${id}" does not exist.`);
  return head;
}

/**
 * Saves an author's draft: a new item, or pending changes over the published version. The track cannot change
 * (learners' attempts and reviews are filed under it). `expectedVersion` guards against two editors.
 */
export async function saveDraft<K extends ContentKind>(
  p: Platform,
  kind: K,
  input: unknown,
  opts: { by: string; expectedVersion?: number },
): Promise<ContentHeadItem<K>> {
  const body = (kind === "question" ? QuestionBody.parse(input) : LessonBody.parse(input)) as BodyOf<K>;
  const now = p.clock.now().toISOString();
  const head = await getHead(p, kind, body.id);
  if (!head) {
    const created = indexedHead<K>({
      ...headKey(kind, body.id),
      type: "ContentHead",
      kind,
      id: body.id,
      track: body.track,
      status: "draft",
      draft: body,
      published: null,
      publishedVersion: 0,
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
      updatedBy: opts.by,
    });
    try {
      return await p.store.put(created, { absent: true });
    } catch (e) {
      if (isConditionFailed(e))
        throw conflict("content.edit_conflict", `${noun(kind)} "${body.id}" was just created by someone else.`);
      throw e;
    }
  }
  if (opts.expectedVersion !== undefined && head.version !== opts.expectedVersion)
    throw conflict("content.edit_conflict", `${noun(kind)} "${body.id}" changed since you opened it; reload it.`, {
      version: head.version,
    });
  if (head.track !== body.track)
    throw conflict("content.track_fixed", `${noun(kind)} "${body.id}" belongs to track "${head.track}".`);
  const pending = head.published && sameBody(head.published, body) ? null : body;
  const next = indexedHead<K>({
    ...head,
    draft: pending,
    updatedAt: now,
    updatedBy: opts.by,
  });
  try {
    return await p.store.put(next, { version: head.version! });
  } catch (e) {
    if (isConditionFailed(e))
      throw conflict("content.edit_conflict", `${noun(kind)} "${body.id}" changed meanwhile; reload it.`);
    throw e;
  }
}

/** Publishes the pending draft as the next immutable version; learners see it from now on. */
export async function publish<K extends ContentKind>(
  p: Platform,
  kind: K,
  id: string,
  opts: { by: string },
): Promise<ContentHeadItem<K>> {
  const head = await headOrThrow(p, kind, id);
  if (!head.draft) {
    if (head.status === "archived" && head.published) return restore(p, head, opts.by);
    throw conflict("content.nothing_to_publish", `${noun(kind)} "${id}" has no changes to publish.`);
  }
  const number = head.publishedVersion + 1;
  const now = p.clock.now().toISOString();
  const version: ContentVersionItem<K> = {
    ...versionKey(kind, id, number),
    type: "ContentVersion",
    kind,
    id,
    number,
    body: head.draft,
    publishedAt: now,
    publishedBy: opts.by,
  };
  const next = indexedHead<K>({
    ...head,
    status: "published",
    published: head.draft,
    draft: null,
    publishedVersion: number,
    publishedAt: now,
    updatedAt: now,
    updatedBy: opts.by,
    version: head.version! + 1,
  });
  // With embeddings configured, the track's vector index is brought up to date after the publish commits.
  const effects: Effect[] = p.config.llm?.embeddingModel
    ? [{ kind: "job", job: "content.index-vectors", payload: { track: head.track } }]
    : [];
  try {
    await commitWithEffects(
      p,
      [
        { put: version, condition: { absent: true } },
        { put: next, condition: { version: head.version! } },
      ],
      effects,
    );
    forgetSearchCache(head.track);
  } catch (e) {
    if (isConditionFailed(e) || (e as { status?: number }).status === 409)
      throw conflict("content.edit_conflict", `${noun(kind)} "${id}" changed meanwhile; reload it.`);
    throw e;
  }
  return next;
}

async function restore<K extends ContentKind>(p: Platform, head: ContentHeadItem<K>, by: string) {
  const now = p.clock.now().toISOString();
  return p.store.put(indexedHead<K>({ ...head, status: "published", updatedAt: now, updatedBy: by }), {
    version: head.version!,
  });
}

/** Takes an item out of what learners are offered; its versions stay, so past attempts still resolve. */
export async function archive<K extends ContentKind>(p: Platform, kind: K, id: string, opts: { by: string }) {
  const head = await headOrThrow(p, kind, id);
  const now = p.clock.now().toISOString();
  forgetSearchCache(head.track);
  return p.store.put(indexedHead<K>({ ...head, status: "archived", updatedAt: now, updatedBy: opts.by }), {
    version: head.version!,
  });
}

export async function getVersion<K extends ContentKind>(
  p: Platform,
  kind: K,
  id: string,
  number: number,
): Promise<(BodyOf<K> & { version: number }) | undefined> {
  const item = await p.store.get<ContentVersionItem<K>>(versionKey(kind, id, number));
  return item ? ({ ...item.body, version: item.number } as BodyOf<K> & { version: number }) : undefined;
}

export async function listVersions(p: Platform, kind: ContentKind, id: string) {
  const items = await p.store.queryAll<ContentVersionItem>(ContentVersion.query("all", { kind, id }));
  return items.map((v) => ({ number: v.number, publishedAt: v.publishedAt, publishedBy: v.publishedBy }));
}

/** The version learners are offered now, or undefined when it is not published (or archived). */
export async function getPublished<K extends ContentKind>(
  p: Platform,
  kind: K,
  id: string,
): Promise<(BodyOf<K> & { version: number }) | undefined> {
  const head = await p.store.get<ContentHeadItem<K>>(headKey(kind, id));
  if (head?.status !== "published" || !head.published) return undefined;
  return { ...head.published, version: head.publishedVersion } as BodyOf<K> & { version: number };
}

export const getPublishedQuestion = (p: Platform, id: string) =>
  getPublished(p, "question", id) as Promise<PublishedQuestion | undefined>;
export const getPublishedLesson = (p: Platform, id: string) =>
  getPublished(p, "lesson", id) as Promise<PublishedLesson | undefined>;

/** Every published item of a track, ordered by id. A track holds at most a few hundred. */
export async function listPublished<K extends ContentKind>(
  p: Platform,
  kind: K,
  track: string,
): Promise<(BodyOf<K> & { version: number })[]> {
  const heads = await p.store.queryAll<ContentHeadItem<K>>(ContentHead.query("publishedOfTrack", { track, kind }));
  return heads
    .filter((h) => h.status === "published" && h.published)
    .map((h) => ({ ...h.published!, version: h.publishedVersion }) as BodyOf<K> & { version: number });
}

export const listPublishedQuestions = (p: Platform, track: string) =>
  listPublished(p, "question", track) as Promise<PublishedQuestion[]>;
export const listPublishedLessons = (p: Platform, track: string) =>
  listPublished(p, "lesson", track) as Promise<PublishedLesson[]>;

/** Every head of a track in any state, for the authoring pages. */
export async function listHeads<K extends ContentKind>(p: Platform, kind: K, track: string) {
  return p.store.queryAll<ContentHeadItem<K>>(ContentHead.query("allOfTrack", { track, kind }));
}

/** A question as a learner may see it. */
export function learnerQuestion(q: PublishedQuestion): LearnerQuestion {
  const common = {
    id: q.id,
    version: q.version,
    kind: q.kind,
    track: q.track,
    title: q.title,
    prompt: q.prompt,
    tags: q.tags,
    difficulty: q.difficulty,
    lessons: q.lessons,
  };
  if (q.kind === "multiple_choice") return { ...common, choices: q.choices };
  if (q.kind === "code")
    return {
      ...common,
      language: q.language,
      entry: q.entry,
      starter: q.starter,
      visibleTests: q.visibleTests,
      hiddenTestCount: q.hiddenTests.length,
    };
  return common;
}

export function learnerLesson(l: PublishedLesson): LearnerLesson {
  return {
    id: l.id,
    version: l.version,
    track: l.track,
    title: l.title,
    summary: l.summary,
    body: l.body,
    tags: l.tags,
    difficulty: l.difficulty,
    minutes: l.minutes,
    keyPoints: l.keyPoints ?? [],
  };
}
