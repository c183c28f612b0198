// How coach documents, the jobs that wrote them and the requests that queued them are stored: all in the session's
// coach partition, so a session's history is one Query and a new version is one conditional write.
import { defineEntity, type Item } from "../platform/index.js";
import type { CoachDoc, CoachVersionSummary } from "./model.js";

/**
 * One immutable version of a session's CoachDoc; the sort key pads the number so versions sort in order. The number
 * is stored as `docVersion`: `version` is the store's optimistic-lock counter on every item.
 */
export type CoachVersionItem = Item &
  Omit<CoachDoc, "id" | "version"> & { type: "CoachVersion"; docVersion: number; jobId: string | null };

/** Which version a coach job wrote: written with the version, so a redelivered job writes none. */
export type CoachJobMarkItem = Item & { type: "CoachJobMark"; jobId: string; sessionId: string; docVersion: number };

/** A queued request by its input's hash: the same request again gets the same job. */
export type CoachRequestItem = Item & {
  type: "CoachRequest";
  sessionId: string;
  kind: string;
  inputHash: string;
  jobId: string;
  createdAt: string;
};

export const CoachVersionRecord = defineEntity("CoachVersion", {
  one: { name: "One version of a session's coach document", pk: "COACH#<sessionId>", sk: "V#<version>" },
  history: {
    name: "A session's coach document versions, newest first (the first is the latest)",
    pk: "COACH#<sessionId>",
    sk: { beginsWith: "V#" },
    descending: true,
    consistent: true,
  },
});

export const CoachJobMark = defineEntity("CoachJobMark", {
  one: {
    name: "The coach document version a job wrote",
    pk: "COACH#<sessionId>",
    sk: "JOB#<jobId>",
    note: "conditional put `attribute_not_exists(pk)` with the version",
  },
});

export const CoachRequestRecord = defineEntity("CoachRequest", {
  one: {
    name: "A coach job by session, kind and input hash (de-duplication)",
    pk: "COACH#<sessionId>",
    sk: "REQ#<kind>#<inputHash>",
  },
});

/** The scheduled agenda was queued for a session at this start: the sweep queues one per session time. */
export type CoachAutoMarkItem = Item & { type: "CoachAutoAgenda"; sessionId: string; startsAt: string; jobId: string };

export const CoachAutoMark = defineEntity("CoachAutoAgenda", {
  one: {
    name: "The agenda the coach queued by itself for a session's start",
    pk: "COACH#<sessionId>",
    sk: "AUTO#<startsAt>",
  },
});

/** How many of the newest versions' summaries the head keeps: the history's first page. */
export const HEAD_HISTORY = 20;

/**
 * A copy of the latest version and the summaries of the newest HEAD_HISTORY versions, written in the transaction of
 * every version: the document and its history's first page are each one item at a known key, read in the same
 * request as the reader's seat in the pod. Erasure rewrites it with the versions.
 */
export type CoachHeadItem = Item & {
  type: "CoachHead";
  sessionId: string;
  latest: CoachVersionItem;
  /** Newest first. */
  recent: CoachVersionSummary[];
};

export const CoachHeadRecord = defineEntity("CoachHead", {
  one: {
    name: "A session's coach document head: the latest version and the newest versions' summaries",
    pk: "COACH#<sessionId>",
    sk: "HEAD",
    note: "put in every version's transaction",
  },
});

const pad = (n: number) => String(n).padStart(6, "0");
export const versionKey = (sessionId: string, version: number) =>
  CoachVersionRecord.key("one", { sessionId, version: pad(version) });
export const jobMarkKey = (sessionId: string, jobId: string) => CoachJobMark.key("one", { sessionId, jobId });
export const requestKey = (sessionId: string, kind: string, inputHash: string) =>
  CoachRequestRecord.key("one", { sessionId, kind, inputHash });

export const autoMarkKey = (sessionId: string, startsAt: string) => CoachAutoMark.key("one", { sessionId, startsAt });

export const headKey = (sessionId: string) => CoachHeadRecord.key("one", { sessionId });

export const summaryOf = (i: CoachVersionItem): CoachVersionSummary => ({
  version: i.docVersion,
  createdAt: i.createdAt,
  author: i.author,
  generator: i.generator,
  change: i.change,
  promptVersion: i.promptVersion,
});

export const docIdOf = (sessionId: string, version: number) => `${sessionId}-v${version}`;

export function toDoc(item: CoachVersionItem): CoachDoc {
  return {
    id: docIdOf(item.sessionId, item.docVersion),
    sessionId: item.sessionId,
    version: item.docVersion,
    agenda: item.agenda,
    notes: item.notes,
    actionItems: item.actionItems,
    quiz: item.quiz,
    proofChecklist: item.proofChecklist,
    focus: item.focus,
    generator: item.generator,
    fallbackReason: item.fallbackReason,
    promptVersion: item.promptVersion,
    model: item.model,
    author: item.author,
    basedOn: item.basedOn,
    change: item.change,
    createdAt: item.createdAt,
  };
}
