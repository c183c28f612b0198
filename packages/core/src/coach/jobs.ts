// Coach requests become jobs on the coach queue (one worker, one message at a time): the same request for a session
// (same kind, same input) while its job is alive or done is that job again. The worker writes one new version per
// job however often the job is delivered, records its latency and tokens, and emails the members when notes are in.
import { createHash } from "node:crypto";
import { type Actor, isPrivileged, systemActor } from "../access/index.js";
import { recordCoachLatency } from "../analytics/index.js";
import { enqueueJob, getJob, type Job } from "../jobs/index.js";
import { notificationEffects } from "../notifications/index.js";
import {
  AppError,
  badRequest,
  type Effect,
  enforceRateLimit,
  isAppError,
  isWriteConflict,
  type Platform,
  parseInput,
} from "../platform/index.js";
import { userBlobPrefix } from "../privacy/index.js";
import { screenText } from "../safety/filter.js";
import { flagContent } from "../safety/flags.js";
import { sessionsStartingBetween } from "../sessions/index.js";
import { type CoachSession, loadCoachSession, sessionContext } from "./context.js";
import { versionOfJob, writeJobVersion } from "./docs.js";
import { generateAgenda, generateNotes, type ModelOptions, proofChecklistFor } from "./generate.js";
import {
  AgendaRequest,
  COACH_JOB_KINDS,
  COACH_RATE_LIMIT,
  type CoachJobKind,
  NotesRequest,
  TRANSCRIPT_MAX_BYTES,
  TRANSCRIPT_MAX_CHARS,
  type TranscriptUpload,
  TranscriptUploadRequest,
} from "./model.js";
import { AGENDA_PROMPT_VERSION, NOTES_PROMPT_VERSION } from "./prompts.js";
import { autoMarkKey, type CoachAutoMarkItem, type CoachRequestItem, requestKey } from "./records.js";
import { normaliseTranscript } from "./transcript.js";

const UPLOAD_SECONDS = 10 * 60;
const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/** JSON with sorted keys: the same input hashes the same whatever order its fields were built in. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

const uploadPrefix = (userId: string, sessionId: string) => `${userBlobPrefix(userId)}coach/${sessionId}/uploads/`;
const transcriptKey = (userId: string, sessionId: string, h: string) =>
  `${userBlobPrefix(userId)}coach/${sessionId}/transcripts/${h}.txt`;

async function limit(p: Platform, actor: Actor) {
  if (!isPrivileged(actor)) await enforceRateLimit(p, COACH_RATE_LIMIT, actor.userId);
}

/**
 * Queues a coach job once per (session, kind, input hash): while the request's job is queued, running, retrying or
 * done, the same request answers with it; after it failed, a new one is queued. Two identical requests at once race
 * on the request record's conditional write, and the loser answers with the winner's job.
 */
async function queueOnce(
  p: Platform,
  cs: CoachSession,
  request: { kind: CoachJobKind; inputHash: string; ownerId: string; input: Record<string, unknown> },
): Promise<{ job: Job; deduplicated: boolean }> {
  const sessionId = cs.session.id;
  const key = requestKey(sessionId, request.kind, request.inputHash);
  for (let tries = 0; tries < 3; tries++) {
    const existing = await p.store.get<CoachRequestItem>(key, { consistent: true });
    if (existing) {
      const job = await getJob(p, systemActor, existing.jobId).catch(() => undefined);
      if (job && job.status !== "failed") return { job, deduplicated: true };
    }
    const jobId = p.ids.next();
    const item: CoachRequestItem = {
      ...key,
      type: "CoachRequest",
      sessionId,
      kind: request.kind,
      inputHash: request.inputHash,
      jobId,
      createdAt: p.clock.now().toISOString(),
    };
    try {
      await p.store.put(item, existing ? { version: existing.version ?? 0 } : { absent: true });
    } catch (e) {
      if (isWriteConflict(e)) continue;
      throw e;
    }
    const job = await enqueueJob(p, {
      id: jobId,
      queue: "coach",
      kind: request.kind,
      ownerId: request.ownerId,
      input: request.input,
      sharedWith: cs.roster.members.filter((m) => !m.erased).map((m) => m.userId),
    });
    return { job, deduplicated: false };
  }
  throw new AppError(409, "coach.busy", "The same request is being queued right now; try again.");
}

export async function requestAgenda(
  p: Platform,
  actor: Actor,
  sessionId: string,
  input: unknown = {},
): Promise<{ job: Job; deduplicated: boolean }> {
  const parsed = parseInput(AgendaRequest, input ?? {}, "agenda request");
  const cs = await loadCoachSession(p, actor, sessionId);
  await limit(p, actor);
  if (cs.session.status === "cancelled") throw new AppError(409, "session.cancelled", "This session was cancelled.");
  const ctx = await sessionContext(p, cs, { timeAllocation: parsed.timeAllocationMinutes });
  const inputHash = hash(stableJson({ ctx, prompt: p.llm ? AGENDA_PROMPT_VERSION : "offline" }));
  return queueOnce(p, cs, {
    kind: COACH_JOB_KINDS.agenda,
    inputHash,
    ownerId: actor.userId,
    input: { sessionId, ...(parsed.timeAllocationMinutes ? { timeAllocation: parsed.timeAllocationMinutes } : {}) },
  });
}

/** A presigned form upload for a transcript file (.txt or WebVTT), straight to the bucket, at most 200 KB. */
export async function requestTranscriptUpload(
  p: Platform,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<TranscriptUpload> {
  const parsed = parseInput(TranscriptUploadRequest, input, "upload");
  await loadCoachSession(p, actor, sessionId);
  await limit(p, actor);
  const key = `${uploadPrefix(actor.userId, sessionId)}${p.ids.next()}`;
  const post = await p.blob.presignPost(key, {
    contentType: parsed.contentType,
    maxBytes: TRANSCRIPT_MAX_BYTES,
    expiresInSeconds: UPLOAD_SECONDS,
    now: p.clock.now(),
  });
  return { ...post, maxBytes: TRANSCRIPT_MAX_BYTES };
}

const tooLarge = (details: Record<string, unknown>) =>
  new AppError(413, "coach.transcript_too_large", `A transcript may be at most ${TRANSCRIPT_MAX_CHARS} characters.`, {
    details: { maxChars: TRANSCRIPT_MAX_CHARS, maxBytes: TRANSCRIPT_MAX_BYTES, ...details },
  });

/** The uploaded file's text, checked after the fact: uploaded for this session by this member, within the bounds. */
async function uploadedText(p: Platform, actor: Actor, sessionId: string, key: string): Promise<string> {
  if (!key.startsWith(uploadPrefix(actor.userId, sessionId)))
    throw badRequest("coach.upload_invalid", "That file was not uploaded for this session's notes.");
  const head = await p.blob.head(key);
  if (!head)
    throw badRequest("coach.upload_missing", "The transcript file has not been uploaded (or the upload failed).");
  if (head.size > TRANSCRIPT_MAX_BYTES) {
    await p.blob.delete(key);
    throw tooLarge({ bytes: head.size });
  }
  const file = await p.blob.get(key);
  if (!file)
    throw badRequest("coach.upload_missing", "The transcript file has not been uploaded (or the upload failed).");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(file.body);
  } catch {
    throw badRequest("coach.upload_invalid", "A transcript file must be UTF-8 text (.txt or WebVTT).");
  }
}

export async function requestNotes(
  p: Platform,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<{ job: Job; deduplicated: boolean }> {
  const parsed = parseInput(NotesRequest, input, "notes request");
  const cs = await loadCoachSession(p, actor, sessionId);
  await limit(p, actor);
  if (cs.session.status === "cancelled") throw new AppError(409, "session.cancelled", "This session was cancelled.");
  const raw =
    parsed.uploadKey !== undefined ? await uploadedText(p, actor, sessionId, parsed.uploadKey) : parsed.transcript!;
  let text: string;
  try {
    text = normaliseTranscript(raw);
  } catch (e) {
    if (isAppError(e) && e.status === 413) throw tooLarge({ chars: e.details?.chars });
    throw e;
  }
  const { flagged } = screenText(p, { "coach.transcript": text });
  const inputHash = hash(stableJson({ text, prompt: p.llm ? NOTES_PROMPT_VERSION : "offline" }));
  // The transcript is kept with the requester's files (erased with them), and the job names it.
  const key = transcriptKey(actor.userId, sessionId, inputHash);
  await p.blob.put(key, text, "text/plain; charset=utf-8");
  const queued = await queueOnce(p, cs, {
    kind: COACH_JOB_KINDS.notes,
    inputHash,
    ownerId: actor.userId,
    input: { sessionId, transcriptKey: key, transcriptChars: text.length },
  });
  for (const f of flagged) await flagContent(p, { ...f, ref: sessionId, userId: actor.userId });
  return queued;
}

/** How far ahead the coach prepares agendas by itself. */
export const AGENDA_LEAD_HOURS = 24;

/**
 * The sweep behind automatic agendas (every 15 minutes): each scheduled session starting within the next 24 hours
 * gets one agenda job for its start time; a session moved to a new time gets another for that time.
 */
export async function queueDueAgendas(p: Platform): Promise<number> {
  const now = p.clock.now();
  const upcoming = await sessionsStartingBetween(p, now, new Date(now.getTime() + AGENDA_LEAD_HOURS * 3_600_000));
  let queued = 0;
  for (const s of upcoming) {
    const key = autoMarkKey(s.id, s.startsAt);
    if (await p.store.get(key, { consistent: true })) continue;
    const cs = await loadCoachSession(p, systemActor, s.id).catch(() => undefined);
    if (!cs) continue;
    const ctx = await sessionContext(p, cs);
    const inputHash = hash(stableJson({ ctx, prompt: p.llm ? AGENDA_PROMPT_VERSION : "offline" }));
    const { job } = await queueOnce(p, cs, {
      kind: COACH_JOB_KINDS.agenda,
      inputHash,
      ownerId: systemActor.userId,
      input: { sessionId: s.id, scheduled: true },
    });
    const mark: CoachAutoMarkItem = {
      ...key,
      type: "CoachAutoAgenda",
      sessionId: s.id,
      startsAt: s.startsAt,
      jobId: job.id,
    };
    // Queued twice at worst (a sweep stopped between the two writes): the job de-duplicates on the same context.
    await p.store.put(mark, {}).catch(() => undefined);
    queued++;
  }
  return queued;
}

/** Waits and attempts of the model calls a job makes; tests shorten them. */
let modelOptions: ModelOptions = {};
export const setCoachModelOptions = (o: ModelOptions) => {
  modelOptions = o;
};

async function transcriptOf(p: Platform, key: string): Promise<string> {
  const file = await p.blob.get(key);
  if (!file) throw new AppError(500, "coach.transcript_missing", "The job's transcript is gone.");
  return new TextDecoder().decode(file.body);
}

/** The coach worker's job: generates, writes the version once, and reports what it cost. */
export async function runCoachJob(p: Platform, job: Job): Promise<Record<string, unknown>> {
  const { sessionId } = job.input as { sessionId: string };
  // Delivered again after it wrote its version (the worker stopped before the queue heard): nothing more to do.
  const done = await versionOfJob(p, sessionId, job.id);
  if (done !== undefined) return { sessionId, version: done, redelivered: true };
  const cs = await loadCoachSession(p, systemActor, sessionId).catch((e) => {
    if (isAppError(e) && e.status === 404) return undefined;
    throw e;
  });
  if (!cs) return { sessionId, skipped: "session_missing" };
  const started = performance.now();
  const timeAllocation = (job.input as { timeAllocation?: number }).timeAllocation;
  const ctx = await sessionContext(p, cs, timeAllocation ? { timeAllocation } : {});
  const meta = (g: {
    generator: "llm" | "offline";
    fallbackReason: string | null;
    promptVersion: string;
    model: string | null;
  }) => ({
    generator: g.generator,
    fallbackReason: g.fallbackReason,
    promptVersion: g.promptVersion,
    model: g.model,
    author: { kind: "coach" as const },
  });
  let written: { version: number; written: boolean };
  let g: Awaited<ReturnType<typeof generateAgenda>> | Awaited<ReturnType<typeof generateNotes>>;
  if (job.kind === COACH_JOB_KINDS.agenda) {
    const agenda = await generateAgenda(p, ctx, modelOptions);
    g = agenda;
    written = await writeJobVersion(p, sessionId, job.id, () => ({ agenda: agenda.value, focus: ctx.members }), {
      ...meta(agenda),
      change: "agenda",
    });
  } else {
    const transcript = await transcriptOf(p, String((job.input as { transcriptKey: string }).transcriptKey));
    const notes = await generateNotes(p, ctx, transcript, modelOptions);
    g = notes;
    const checklist = proofChecklistFor(notes.value.actionItems, ctx.sprintType.proofMethod);
    const effects: Effect[] = [];
    for (const m of cs.roster.members.filter((x) => !x.erased))
      effects.push(
        ...(await notificationEffects(p, {
          userId: m.userId,
          type: "coach_notes_ready",
          data: {
            sessionId,
            sprintName: ctx.sprintType.name,
            startsAt: cs.session.startsAt,
            actionItems: notes.value.actionItems.filter((a) => a.ownerId === m.userId).length,
          },
          timezoneHint: m.timezone,
        })),
      );
    written = await writeJobVersion(
      p,
      sessionId,
      job.id,
      () => ({ ...notes.value, proofChecklist: checklist }),
      { ...meta(notes), change: "notes" },
      effects,
    );
  }
  const latencyMs = Math.round(performance.now() - started);
  // Counted once per version written: a redelivered job that finds its version adds no sample.
  if (written.written) await recordCoachLatency(p, latencyMs);
  return {
    sessionId,
    version: written.version,
    generator: g.generator,
    fallbackReason: g.fallbackReason,
    promptVersion: g.promptVersion,
    model: g.model,
    latencyMs,
    usage: g.totalTokens === null ? null : { totalTokens: g.totalTokens },
    modelCalls: g.modelCalls,
    ...(written.written ? {} : { redelivered: true }),
  };
}
