// A session's CoachDoc and its versions: every change (a generated agenda or notes, a member's edit) writes a new
// immutable version with one conditional put, so two writers starting from the same version cannot both win.
import type { Actor } from "../access/index.js";
import {
  badRequest,
  commitWithEffects,
  conflict,
  type Effect,
  isWriteConflict,
  notFound,
  type Page,
  type Platform,
  parseInput,
  type TransactOp,
} from "../platform/index.js";
import { traceExpiry } from "../privacy/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import {
  type CoachHead,
  type CoachSession,
  headFromHistory,
  latestVersion,
  loadCoachSession,
  loadHead,
  readAsCoachReader,
  requireCoachReader,
  requireSessionExists,
} from "./context.js";
import { diffDocs } from "./diff.js";
import { type CoachDiff, type CoachDoc, CoachEdit, type CoachVersionSummary } from "./model.js";
import {
  type CoachHeadItem,
  type CoachJobMarkItem,
  type CoachVersionItem,
  CoachVersionRecord,
  HEAD_HISTORY,
  headKey,
  jobMarkKey,
  summaryOf,
  toDoc,
  versionKey,
} from "./records.js";

/** The sections a new version takes from the one before it unless it brings its own. */
export type DocSections = Pick<CoachDoc, "agenda" | "notes" | "actionItems" | "quiz" | "proofChecklist" | "focus">;
export type VersionMeta = Pick<
  CoachDoc,
  "generator" | "fallbackReason" | "promptVersion" | "model" | "author" | "change"
>;

const EMPTY: DocSections = {
  agenda: [],
  notes: { summary: "", decisions: [] },
  actionItems: [],
  quiz: null,
  proofChecklist: null,
  focus: [],
};

function sectionsOf(item: CoachVersionItem | undefined): DocSections {
  if (!item) return EMPTY;
  const { agenda, notes, actionItems, quiz, proofChecklist, focus } = item;
  return { agenda, notes, actionItems, quiz, proofChecklist, focus };
}

/**
 * Writes the version after the head's latest (0: the first), and the new head. With a `jobId`, the job's mark is
 * written in the same transaction, so a job delivered twice writes one version. Throws a write conflict when another
 * version took the number (the version's conditional put; so the head always follows the highest version).
 */
async function putVersion(
  p: Platform,
  sessionId: string,
  head: CoachHead | undefined,
  sections: Partial<DocSections>,
  meta: VersionMeta,
  jobId: string | null,
  effects: Effect[] = [],
): Promise<CoachVersionItem> {
  const base = head?.latest;
  const version = (base?.docVersion ?? 0) + 1;
  const item: CoachVersionItem = {
    ...versionKey(sessionId, version),
    type: "CoachVersion",
    sessionId,
    docVersion: version,
    ...sectionsOf(base),
    ...sections,
    ...meta,
    basedOn: base?.docVersion ?? null,
    createdAt: p.clock.now().toISOString(),
    jobId,
    expiresAt: traceExpiry(p),
  };
  const newHead: CoachHeadItem = {
    ...headKey(sessionId),
    type: "CoachHead",
    sessionId,
    latest: item,
    recent: [summaryOf(item), ...(head?.recent ?? [])].slice(0, HEAD_HISTORY),
    expiresAt: item.expiresAt,
  };
  // The head is written over the one this version was built on, and only over that one: a head changed meanwhile
  // (another version, or an erasure rewriting it) makes this a write conflict, never a stale copy.
  const headCondition = head?.stored !== undefined ? { version: head.stored } : { absent: true as const };
  const ops: TransactOp[] = [
    { put: item, condition: { absent: true } },
    { put: newHead, condition: headCondition },
  ];
  if (jobId) {
    const mark: CoachJobMarkItem = {
      ...jobMarkKey(sessionId, jobId),
      type: "CoachJobMark",
      jobId,
      sessionId,
      docVersion: version,
      expiresAt: traceExpiry(p),
    };
    ops.push({ put: mark, condition: { absent: true } });
  }
  // The emails a version causes go in its transaction: a job that wrote its version has sent them, once.
  await commitWithEffects(p, ops, effects);
  return item;
}

/**
 * A job's new version, on top of whatever is latest when it is written (a member's edit meanwhile is kept in the
 * sections the job does not replace). A redelivered job finds its mark and returns the version it wrote then.
 */
export async function writeJobVersion(
  p: Platform,
  sessionId: string,
  jobId: string,
  build: (base: CoachVersionItem | undefined) => Partial<DocSections>,
  meta: VersionMeta,
  effects: Effect[] = [],
): Promise<{ version: number; written: boolean }> {
  for (let tries = 0; tries < 5; tries++) {
    const done = await p.store.get<CoachJobMarkItem>(jobMarkKey(sessionId, jobId), { consistent: true });
    if (done) return { version: done.docVersion, written: false };
    const head = await loadHead(p, sessionId);
    try {
      const item = await putVersion(p, sessionId, head, build(head?.latest), meta, jobId, effects);
      return { version: item.docVersion, written: true };
    } catch (e) {
      if (!isWriteConflict(e)) throw e;
    }
  }
  throw conflict("coach.busy", "The document kept changing while the coach wrote it; the job will be retried.");
}

/** A job that already wrote its version (a redelivery), or undefined. */
export async function versionOfJob(p: Platform, sessionId: string, jobId: string): Promise<number | undefined> {
  return (await p.store.get<CoachJobMarkItem>(jobMarkKey(sessionId, jobId), { consistent: true }))?.docVersion;
}

/**
 * The latest version, for a reader: the head read with their seat in one request. Without a head (a session written
 * before heads were kept, or one with no document yet) the history answers; no version at all is a 404.
 */
async function readLatest(p: Platform, actor: Actor, sessionId: string): Promise<CoachVersionItem> {
  const head = await readAsCoachReader<CoachHeadItem>(p, actor, sessionId, headKey(sessionId));
  const latest = head?.latest ?? (await headFromHistory(p, sessionId))?.latest;
  if (!latest) {
    await requireSessionExists(p, sessionId);
    throw notFound("coach.no_doc", "The coach has no document for this session yet.");
  }
  return latest;
}

export async function getCoachDoc(p: Platform, actor: Actor, sessionId: string): Promise<CoachDoc> {
  return toDoc(await readLatest(p, actor, sessionId));
}

export async function getCoachVersion(
  p: Platform,
  actor: Actor,
  sessionId: string,
  version: number,
): Promise<CoachDoc> {
  const item = await readAsCoachReader<CoachVersionItem>(p, actor, sessionId, versionKey(sessionId, version));
  if (!item) {
    await requireSessionExists(p, sessionId);
    throw notFound("coach.version_not_found", `Version ${version} does not exist.`);
  }
  return toDoc(item);
}

/**
 * A page of the history, newest first. The first page (up to HEAD_HISTORY) comes from the head, read with the
 * reader's seat in one request; its cursor continues the Query exactly as the Query's own first page would.
 */
export async function listCoachVersions(
  p: Platform,
  actor: Actor,
  sessionId: string,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<Page<CoachVersionSummary>> {
  const limit = page.limit ?? 20;
  const history = CoachVersionRecord.query("history", { sessionId });
  if (!page.cursor && limit <= HEAD_HISTORY) {
    const head = await readAsCoachReader<CoachHeadItem>(p, actor, sessionId, headKey(sessionId));
    if (head) {
      const items = head.recent.slice(0, limit);
      const last = items.at(-1);
      // Versions are numbered 1, 2, …: older ones exist when the latest's number is above the page's length.
      const more = last !== undefined && head.latest.docVersion > items.length;
      return { items, nextCursor: more ? p.store.cursorAfter(history, versionKey(sessionId, last.version)) : null };
    }
  }
  const [, out] = await Promise.all([
    requireCoachReader(p, actor, sessionId),
    p.store.query<CoachVersionItem>({ ...history, limit, cursor: page.cursor ?? null }),
  ]);
  if (out.items.length === 0 && !page.cursor) await requireSessionExists(p, sessionId);
  return { items: out.items.map(summaryOf), nextCursor: out.nextCursor };
}

export async function diffCoachVersions(
  p: Platform,
  actor: Actor,
  sessionId: string,
  range: { from?: number; to?: number },
): Promise<CoachDiff> {
  const latest = await readLatest(p, actor, sessionId);
  const to = range.to ?? latest.docVersion;
  const from = range.from ?? to - 1;
  if (from < 0 || from >= to) throw badRequest("coach.bad_range", "`from` must be below `to` (and not negative).");
  const found = await p.store.getMany<CoachVersionItem>(
    [from, to].filter((v) => v > 0).map((v) => versionKey(sessionId, v)),
    { consistent: true },
  );
  const a = found.find((i) => i.docVersion === from);
  const b = found.find((i) => i.docVersion === to);
  if ((from > 0 && !a) || !b) throw notFound("coach.version_not_found", "One of the versions does not exist.");
  return { sessionId, from, to, changes: diffDocs(sectionsOf(a), sectionsOf(b)) };
}

/** Fields of a document that are not prose: ids, people, dates and kinds. */
const NOT_PROSE = new Set(["id", "ownerId", "ownerName", "memberIds", "dueDate", "kind", "actionItemId"]);

function proseOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) proseOf(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) if (!NOT_PROSE.has(k)) proseOf(v, out);
  }
  return out;
}

/**
 * The text a member wrote in an edit, per section ("coach.agenda", "coach.notes", …): an edit sends whole sections,
 * and what the version it starts from already said (the coach's output, or an earlier edit screened then) is left out.
 */
function memberWriting(base: CoachVersionItem | undefined, sections: Partial<DocSections>): Record<string, string> {
  const before = new Set(proseOf(sectionsOf(base)));
  return Object.fromEntries(
    Object.entries(sections).map(([section, value]) => [
      `coach.${section}`,
      proseOf(value)
        .filter((t) => !before.has(t))
        .join("\n"),
    ]),
  );
}

/** Ids for the items an edit adds: the section's letter and the next free number. */
function withIds<T extends { id?: string | undefined }>(items: T[], prefix: string): (T & { id: string })[] {
  const taken = new Set(items.flatMap((i) => (i.id ? [i.id] : [])));
  let n = 0;
  const next = () => {
    do n++;
    while (taken.has(`${prefix}${n}`));
    taken.add(`${prefix}${n}`);
    return `${prefix}${n}`;
  };
  const seen = new Set<string>();
  return items.map((i) => {
    // A repeated id would make two items one in the diff: the second gets a new one.
    const id = i.id && !seen.has(i.id) ? i.id : next();
    seen.add(id);
    return { ...i, id };
  });
}

/** A member's edit: a new version from the latest, which must be the one they edited (else 409). */
export async function editCoachDoc(p: Platform, actor: Actor, sessionId: string, input: unknown): Promise<CoachDoc> {
  const edit = parseInput(CoachEdit, input, "edit");
  const cs: CoachSession = await loadCoachSession(p, actor, sessionId);
  const head = await loadHead(p, sessionId);
  const latest = head?.latest;
  const stale = () =>
    conflict(
      "coach.stale_version",
      "The document changed since you opened it; reload it and edit the latest version.",
      {
        latestVersion: latest?.docVersion ?? 0,
        editedVersion: edit.version,
      },
    );
  if ((latest?.docVersion ?? 0) !== edit.version) throw stale();
  const sections: Partial<DocSections> = {};
  if (edit.agenda) sections.agenda = withIds(edit.agenda, "a");
  if (edit.notes) sections.notes = edit.notes;
  if (edit.actionItems) sections.actionItems = withIds(edit.actionItems, "t");
  if (edit.quiz !== undefined)
    sections.quiz = edit.quiz ? { ...edit.quiz, items: withIds(edit.quiz.items, "q") } : null;
  if (edit.proofChecklist !== undefined)
    sections.proofChecklist = edit.proofChecklist ? { items: withIds(edit.proofChecklist.items, "p") } : null;
  const { flagged } = screenText(p, memberWriting(latest, sections));
  const name = cs.me?.displayName ?? (actor.role === "admin" ? "Admin" : "Pactly");
  try {
    const item = await putVersion(
      p,
      sessionId,
      head,
      sections,
      {
        generator: "member",
        fallbackReason: null,
        promptVersion: null,
        model: null,
        author: { kind: "member", userId: actor.userId, displayName: name },
        change: "edit",
      },
      null,
    );
    for (const f of flagged) await flagContent(p, { ...f, ref: sessionId, userId: actor.userId });
    return toDoc(item);
  } catch (e) {
    if (isWriteConflict(e)) {
      const now = await latestVersion(p, sessionId);
      throw conflict(
        "coach.stale_version",
        "The document changed since you opened it; reload it and edit the latest version.",
        {
          latestVersion: now?.docVersion ?? 0,
          editedVersion: edit.version,
        },
      );
    }
    throw e;
  }
}

export { EMPTY as EMPTY_SECTIONS, sectionsOf };
