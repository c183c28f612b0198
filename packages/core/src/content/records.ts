// How questions and lessons are stored: a head per item (its draft and its published version, so one query lists a
// track) and an immutable item per published version, which attempts stay pinned to.
import { defineEntity, type Item } from "../platform/index.js";
import type { ContentStatus, LessonBody, QuestionBody } from "./model.js";

export type ContentKind = "question" | "lesson";
export type BodyOf<K extends ContentKind> = K extends "question" ? QuestionBody : LessonBody;

/** The head of one question or lesson. `published` is a copy of the latest published version's body. */
export type ContentHeadItem<K extends ContentKind = ContentKind> = Item & {
  type: "ContentHead";
  kind: K;
  id: string;
  track: string;
  status: ContentStatus;
  /** What an author is editing; null when nothing is pending over the published version. */
  draft: BodyOf<K> | null;
  published: BodyOf<K> | null;
  /** 0 before the first publish. */
  publishedVersion: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
};

/** One published version, never changed after it is written. */
export type ContentVersionItem<K extends ContentKind = ContentKind> = Item & {
  type: "ContentVersion";
  kind: K;
  id: string;
  number: number;
  body: BodyOf<K>;
  publishedAt: string;
  publishedBy: string;
};

export const ContentHead = defineEntity("ContentHead", {
  one: { name: "One question or lesson (its draft and published version)", pk: "CONTENT#<kind>#<id>", sk: "HEAD" },
  publishedOfTrack: {
    name: "A track's published questions or lessons",
    index: "gsi1",
    pk: "CONTENT_PUBLISHED#<track>#<kind>",
    sparse: true,
  },
  allOfTrack: {
    name: "A track's questions or lessons in any state (authoring)",
    index: "gsi2",
    pk: "CONTENT_ALL#<track>#<kind>",
  },
});

export const ContentVersion = defineEntity("ContentVersion", {
  one: {
    name: "One published version of a question or lesson",
    pk: "CONTENT#<kind>#<id>",
    sk: "VERSION#<number>",
    note: "conditional put `attribute_not_exists(pk)`",
  },
  all: {
    name: "Every published version of a question or lesson",
    pk: "CONTENT#<kind>#<id>",
    sk: { beginsWith: "VERSION#" },
  },
});

export const versionNumber = (n: number) => String(n).padStart(5, "0");

/** The indexes a head carries: every head is listed for authoring; only a published one for learners. */
export function indexedHead<K extends ContentKind>(h: ContentHeadItem<K>): ContentHeadItem<K> {
  const { gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = h;
  return {
    ...rest,
    gsi2pk: `CONTENT_ALL#${h.track}#${h.kind}`,
    gsi2sk: h.id,
    ...(h.status === "published" && h.published
      ? { gsi1pk: `CONTENT_PUBLISHED#${h.track}#${h.kind}`, gsi1sk: h.id }
      : {}),
  } as ContentHeadItem<K>;
}
