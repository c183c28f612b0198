// Content search: lexical over a track's published questions and lessons (MiniSearch: prefix and fuzzy matching,
// field boosts), and, when an OpenAI-compatible embeddings model is configured, vector similarity over an index
// kept in S3 — rebuilt after each publish, loaded by the function, no vector database to run. Only what a learner
// may see is indexed: titles, prompts, summaries, bodies and tags, never answers, explanations, hints or tests.
import MiniSearch from "minisearch";
import type { Platform } from "../platform/index.js";
import { listPublished } from "./content.js";
import type { PublishedLesson, PublishedQuestion } from "./model.js";
import type { ContentKind } from "./records.js";
import { searchCaches } from "./search-cache.js";

export interface SearchHit {
  kind: ContentKind;
  id: string;
  title: string;
  snippet: string;
  tags: string[];
  score: number;
  matchedBy: ("lexical" | "vector")[];
}

interface Doc {
  key: string;
  kind: ContentKind;
  id: string;
  version: number;
  title: string;
  text: string;
  tags: string;
  snippet: string;
  tagList: string[];
}

const LEXICAL_CACHE_MS = 60_000;
const lexicalCache = searchCaches.lexical as Map<string, { at: number; docs: Doc[]; index: MiniSearch<Doc> }>;
const vectorCache = searchCaches.vector as Map<string, { at: number; index: VectorIndex | undefined }>;

const snippetOf = (s: string) =>
  s
    .replace(/[#*`>_[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);

async function docsOf(p: Platform, track: string): Promise<Doc[]> {
  const [questions, lessons] = await Promise.all([
    listPublished(p, "question", track) as Promise<PublishedQuestion[]>,
    listPublished(p, "lesson", track) as Promise<PublishedLesson[]>,
  ]);
  return [
    ...lessons.map((l) => ({
      key: `lesson#${l.id}`,
      kind: "lesson" as const,
      id: l.id,
      version: l.version,
      title: l.title,
      text: `${l.summary}\n${l.body}`,
      tags: l.tags.join(" "),
      snippet: snippetOf(l.summary),
      tagList: l.tags,
    })),
    ...questions.map((q) => ({
      key: `question#${q.id}`,
      kind: "question" as const,
      id: q.id,
      version: q.version,
      title: q.title,
      text: q.prompt,
      tags: q.tags.join(" "),
      snippet: snippetOf(q.prompt),
      tagList: q.tags,
    })),
  ];
}

async function lexicalIndex(p: Platform, track: string) {
  const now = p.clock.now().getTime();
  const cached = lexicalCache.get(track);
  if (cached && now - cached.at < LEXICAL_CACHE_MS) return cached;
  const docs = await docsOf(p, track);
  const index = new MiniSearch<Doc>({
    idField: "key",
    fields: ["title", "text", "tags"],
    storeFields: ["key"],
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: true, fuzzy: 0.2, combineWith: "OR" },
  });
  index.addAll(docs);
  const entry = { at: now, docs, index };
  lexicalCache.set(track, entry);
  return entry;
}

/** The vectors of a track's published items, by `kind#id` and version. */
export interface VectorIndex {
  model: string;
  items: { key: string; version: number; vector: number[] }[];
}
export const vectorIndexKey = (track: string) => `search/${track}/vectors.json`;

async function loadVectorIndex(p: Platform, track: string): Promise<VectorIndex | undefined> {
  const now = p.clock.now().getTime();
  const cached = vectorCache.get(track);
  if (cached && now - cached.at < LEXICAL_CACHE_MS) return cached.index;
  const blob = await p.blob.get(vectorIndexKey(track));
  const index = blob ? (JSON.parse(Buffer.from(blob.body).toString("utf8")) as VectorIndex) : undefined;
  vectorCache.set(track, { at: now, index });
  return index;
}

const textForVector = (d: Doc) => `${d.title}\n${d.tags}\n${d.text}`.slice(0, 6_000);

/**
 * Brings a track's vector index up to date: items whose version already has a vector keep it, new or changed ones
 * are embedded, unpublished ones drop out. Run after a publish; harmless to run again.
 */
export async function rebuildVectorIndex(p: Platform, track: string): Promise<{ embedded: number; total: number }> {
  const model = p.config.llm?.embeddingModel;
  if (!p.llm?.embed || !model) return { embedded: 0, total: 0 };
  const docs = await docsOf(p, track);
  const blob = await p.blob.get(vectorIndexKey(track));
  const previous = blob ? (JSON.parse(Buffer.from(blob.body).toString("utf8")) as VectorIndex) : undefined;
  const known = new Map(
    (previous?.model === model ? previous.items : []).map((i) => [`${i.key}@${i.version}`, i.vector]),
  );
  const missing = docs.filter((d) => !known.has(`${d.key}@${d.version}`));
  for (let i = 0; i < missing.length; i += 64) {
    const batch = missing.slice(i, i + 64);
    const vectors = await p.llm.embed(batch.map(textForVector));
    batch.forEach((d, j) => {
      known.set(`${d.key}@${d.version}`, vectors[j]!);
    });
  }
  const index: VectorIndex = {
    model,
    items: docs.map((d) => ({ key: d.key, version: d.version, vector: known.get(`${d.key}@${d.version}`)! })),
  };
  await p.blob.put(vectorIndexKey(track), JSON.stringify(index), "application/json");
  vectorCache.delete(track);
  return { embedded: missing.length, total: docs.length };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Below this similarity a vector match is noise, not a hit. */
const MIN_SIMILARITY = 0.35;

export async function searchContent(
  p: Platform,
  input: { q: string; track: string; kind?: ContentKind; limit?: number },
): Promise<SearchHit[]> {
  const limit = input.limit ?? 10;
  const { docs, index } = await lexicalIndex(p, input.track);
  const byKey = new Map(docs.map((d) => [d.key, d]));
  const scores = new Map<string, { score: number; matchedBy: Set<"lexical" | "vector"> }>();
  const add = (key: string, score: number, how: "lexical" | "vector") => {
    const s = scores.get(key) ?? { score: 0, matchedBy: new Set() };
    s.score += score;
    s.matchedBy.add(how);
    scores.set(key, s);
  };
  const lexical = index.search(input.q);
  const top = lexical[0]?.score ?? 1;
  for (const r of lexical) add(String(r.id), r.score / top, "lexical");
  if (p.llm?.embed && p.config.llm?.embeddingModel) {
    const vectors = await loadVectorIndex(p, input.track);
    if (vectors && vectors.model === p.config.llm.embeddingModel) {
      try {
        const [query] = await p.llm.embed([input.q]);
        for (const item of vectors.items) {
          const similarity = cosine(query!, item.vector);
          if (similarity >= MIN_SIMILARITY && byKey.get(item.key)?.version === item.version)
            add(item.key, similarity, "vector");
        }
      } catch (e) {
        p.log.warn("vector search skipped: embeddings failed", { error: (e as Error).message });
      }
    }
  }
  return [...scores.entries()]
    .flatMap(([key, s]) => {
      const d = byKey.get(key);
      if (!d || (input.kind && d.kind !== input.kind)) return [];
      return [
        {
          kind: d.kind,
          id: d.id,
          title: d.title,
          snippet: d.snippet,
          tags: d.tagList,
          score: Math.round(s.score * 1000) / 1000,
          matchedBy: [...s.matchedBy].sort(),
        },
      ];
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** The lesson nearest to what a learner is stuck on (the item and what they said), if any matches. */
export async function nearestLesson(p: Platform, track: string, text: string) {
  const [hit] = await searchContent(p, { q: text, track, kind: "lesson", limit: 1 });
  return hit;
}
