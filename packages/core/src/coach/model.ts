// The coach's shapes: a session's CoachDoc (agenda, notes, action items, quiz, proof checklist) and its versions,
// the session context an agenda is built from, and the inputs the API takes.
import { z } from "../platform/schema.js";

/** The most transcript text the coach reads (after a file's cues and timings are stripped): about 25k tokens. */
export const TRANSCRIPT_MAX_CHARS = 100_000;
/** The largest transcript file an upload may be (its text is then held to TRANSCRIPT_MAX_CHARS). */
export const TRANSCRIPT_MAX_BYTES = 200_000;
export const TRANSCRIPT_CONTENT_TYPES = ["text/plain", "text/vtt"] as const;

export const COACH_JOB_KINDS = { agenda: "coach.agenda", notes: "coach.notes" } as const;
export type CoachJobKind = (typeof COACH_JOB_KINDS)[keyof typeof COACH_JOB_KINDS];

/** Requests a member may make in a window (agendas, notes, uploads together). */
export const COACH_RATE_LIMIT = { bucket: "coach.requests", limit: 20, windowSeconds: 600 } as const;

const Id = z.string().min(1).max(40);
/** Bounded text of answers (the API description bounds every string, list and integer). */
const Text = (max: number) => z.string().max(max);
const Int = (max: number) => z.number().int().min(0).max(max);
const IsoDate = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as YYYY-MM-DD.");

export const AgendaKind = z.enum(["opening", "review", "focus", "practice", "plan", "closing"]);

export const AgendaItem = z
  .object({
    id: Id,
    title: z.string().trim().min(1).max(200),
    minutes: z.number().int().min(1).max(240),
    kind: AgendaKind,
    detail: z.string().trim().max(1000),
    memberIds: z.array(z.string().max(64)).max(10),
  })
  .openapi("AgendaItem");
export type AgendaItem = z.infer<typeof AgendaItem>;

export const SessionNotes = z
  .object({
    summary: z.string().trim().max(4000),
    decisions: z.array(z.string().trim().min(1).max(500)).max(20),
  })
  .openapi("SessionNotes");
export type SessionNotes = z.infer<typeof SessionNotes>;

export const ActionItem = z
  .object({
    id: Id,
    ownerId: z.string().max(64),
    ownerName: z.string().max(120),
    text: z.string().trim().min(1).max(500),
    dueDate: IsoDate,
    done: z.boolean(),
  })
  .openapi("ActionItem");
export type ActionItem = z.infer<typeof ActionItem>;

export const QuizItem = z
  .object({
    id: Id,
    question: z.string().trim().min(1).max(500),
    answer: z.string().trim().min(1).max(1000),
  })
  .openapi("QuizItem");

export const Quiz = z
  .object({ topic: z.string().trim().min(1).max(200), items: z.array(QuizItem).min(1).max(10) })
  .openapi("Quiz");
export type Quiz = z.infer<typeof Quiz>;

export const ProofChecklistItem = z
  .object({
    id: Id,
    actionItemId: Id,
    ownerId: z.string().max(64),
    text: z.string().trim().min(1).max(500),
    proof: z.string().trim().min(1).max(300),
  })
  .openapi("ProofChecklistItem");

export const ProofChecklist = z.object({ items: z.array(ProofChecklistItem).max(50) }).openapi("ProofChecklist");
export type ProofChecklist = z.infer<typeof ProofChecklist>;

/** What the agenda knows of one member: their goal, weakest tags and where the tutor saw them stuck (X1). */
export const MemberFocus = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    goal: z.string().nullable(),
    weakestTags: z.array(z.object({ tag: z.string(), mastery: z.number() })).max(3),
    complexMoments: z.array(z.object({ questionTitle: z.string(), reason: z.string(), at: z.string() })).max(3),
  })
  .openapi("MemberFocus");
export type MemberFocus = z.infer<typeof MemberFocus>;

export const CoachGenerator = z.enum(["llm", "offline", "member"]);
export type CoachGenerator = z.infer<typeof CoachGenerator>;

export const CoachAuthor = z
  .union([
    z.object({ kind: z.literal("coach") }),
    z.object({ kind: z.literal("member"), userId: Text(64), displayName: Text(120) }),
  ])
  .openapi("CoachAuthor");
export type CoachAuthor = z.infer<typeof CoachAuthor>;

export const CoachChange = z.enum(["agenda", "notes", "edit"]);

export const CoachDoc = z
  .object({
    id: Text(80),
    sessionId: Text(64),
    version: z.number().int().min(1).max(1_000_000),
    agenda: z.array(AgendaItem).max(30),
    notes: SessionNotes,
    actionItems: z.array(ActionItem).max(50),
    quiz: Quiz.nullable(),
    proofChecklist: ProofChecklist.nullable(),
    focus: z.array(MemberFocus).max(12),
    generator: CoachGenerator,
    /** Set when the model failed and the offline coach answered instead. */
    fallbackReason: Text(80).nullable(),
    /** The prompt template's version the content was generated with; null for a member's edit. */
    promptVersion: Text(80).nullable(),
    model: Text(200).nullable(),
    author: CoachAuthor,
    basedOn: Int(1_000_000).nullable(),
    change: CoachChange,
    createdAt: Text(40),
  })
  .openapi("CoachDoc");
export type CoachDoc = z.infer<typeof CoachDoc>;

export const CoachVersionSummary = z
  .object({
    version: Int(1_000_000),
    createdAt: Text(40),
    author: CoachAuthor,
    generator: CoachGenerator,
    change: CoachChange,
    promptVersion: Text(80).nullable(),
  })
  .openapi("CoachVersionSummary");
export type CoachVersionSummary = z.infer<typeof CoachVersionSummary>;

export const CoachDiffChange = z
  .object({
    section: z.enum(["agenda", "notes", "actionItems", "quiz", "proofChecklist"]),
    kind: z.enum(["added", "removed", "changed"]),
    id: Text(40).nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .openapi("CoachDiffChange");
export type CoachDiffChange = z.infer<typeof CoachDiffChange>;

export const CoachDiff = z
  .object({
    sessionId: Text(64),
    from: Int(1_000_000),
    to: Int(1_000_000),
    changes: z.array(CoachDiffChange).max(500),
  })
  .openapi("CoachDiff");
export type CoachDiff = z.infer<typeof CoachDiff>;

/** The documents' SessionContext: what an agenda is generated from. */
export interface SessionContext {
  sessionId: string;
  sprintType: { id: string; name: string; proofMethod: string; track: string };
  sessionNumber: number;
  sessionsTotal: number | null;
  startsAt: string;
  /** Minutes the agenda fills. */
  timeAllocation: number;
  previousNotes: { sessionNumber: number; summary: string; decisions: string[] }[];
  openActionItems: ActionItem[];
  members: MemberFocus[];
  /** When the next session is (action items fall due by then), or null. */
  nextSessionDate: string | null;
}

// Inputs.

export const AgendaRequest = z
  .strictObject({ timeAllocationMinutes: z.number().int().min(15).max(240).optional() })
  .openapi("CoachAgendaRequest");
export type AgendaRequest = z.infer<typeof AgendaRequest>;

export const NotesRequest = z
  .strictObject({
    transcript: z.string().max(TRANSCRIPT_MAX_CHARS).optional(),
    /** The key a transcript file was uploaded to (POST /v1/sessions/{id}/coach/transcript-upload). */
    uploadKey: z.string().min(1).max(300).optional(),
  })
  .refine((r) => (r.transcript === undefined) !== (r.uploadKey === undefined), {
    message: "Send either a transcript or the key of an uploaded transcript file.",
  })
  .openapi("CoachNotesRequest");
export type NotesRequest = z.infer<typeof NotesRequest>;

export const TranscriptUploadRequest = z
  .strictObject({ contentType: z.enum(TRANSCRIPT_CONTENT_TYPES) })
  .openapi("TranscriptUploadRequest");

export const TranscriptUpload = z
  .object({
    url: Text(2048),
    method: z.literal("POST"),
    fields: z.record(Text(100), Text(4096)),
    key: Text(300),
    maxBytes: Int(TRANSCRIPT_MAX_BYTES),
    expiresAt: Text(40),
  })
  .openapi("TranscriptUpload");
export type TranscriptUpload = z.infer<typeof TranscriptUpload>;

const EditId = Id.optional();
// Items in an edit may come without an id (new ones get one). Each is an object of its own, not an extension of the
// stored item's schema: an extension would be described as `allOf` the stored item (whose `id` is required).
const AgendaItemEdit = z.object({ ...AgendaItem.shape, id: EditId }).openapi("AgendaItemEdit");
const ActionItemEdit = z.object({ ...ActionItem.shape, id: EditId }).openapi("ActionItemEdit");
const QuizItemEdit = z.object({ ...QuizItem.shape, id: EditId }).openapi("QuizItemEdit");
const ProofChecklistItemEdit = z.object({ ...ProofChecklistItem.shape, id: EditId }).openapi("ProofChecklistItemEdit");
const QuizEdit = z.object({ topic: Quiz.shape.topic, items: z.array(QuizItemEdit).min(1).max(10) }).openapi("QuizEdit");
const ProofChecklistEdit = z.object({ items: z.array(ProofChecklistItemEdit).max(50) }).openapi("ProofChecklistEdit");
export const CoachEdit = z
  .strictObject({
    /** The version the edit starts from: it must still be the latest (0 when there is none yet). */
    version: z.number().int().min(0).max(1_000_000),
    agenda: z.array(AgendaItemEdit).max(30).optional(),
    notes: SessionNotes.optional(),
    actionItems: z.array(ActionItemEdit).max(50).optional(),
    quiz: QuizEdit.nullable().optional(),
    proofChecklist: ProofChecklistEdit.nullable().optional(),
  })
  .refine((e) => Object.keys(e).some((k) => k !== "version"), { message: "Change at least one section." })
  .openapi("CoachEdit");
export type CoachEdit = z.infer<typeof CoachEdit>;
