// The coach's shapes as the session page uses them, the server's limits on what a member types into a CoachDoc,
// and small helpers to read a doc (who wrote it, how long the agenda runs, a due date as a calendar day).
import type { Schemas } from "../../../api/client";

export type CoachDoc = Schemas["CoachDoc"];
export type AgendaItem = Schemas["AgendaItem"];
export type ActionItem = Schemas["ActionItem"];
export type SessionNotes = Schemas["SessionNotes"];
export type QuizItem = Schemas["QuizItem"];
export type CoachAuthor = Schemas["CoachAuthor"];
export type CoachVersionSummary = Schemas["CoachVersionSummary"];
export type CoachDiff = Schemas["CoachDiff"];
export type CoachDiffChange = Schemas["CoachDiffChange"];
export type Job = Schemas["Job"];
export type CoachJobKind = "coach.agenda" | "coach.notes";

/** What an edit sends: the version it starts from and the sections it changes (new items may leave out `id`). */
export type CoachEdit = Schemas["CoachEdit"];

/** The API's bounds on a CoachDoc's text (packages/core/src/coach/model.ts). */
export const COACH_LIMITS = {
  transcript: 100_000,
  transcriptBytes: 200_000,
  agendaTitle: 200,
  agendaDetail: 1000,
  agendaMinutes: { min: 1, max: 240 },
  agendaItems: 30,
  summary: 4000,
  decision: 500,
  decisions: 20,
  actionText: 500,
  actionItems: 50,
} as const;

export const agendaMinutes = (items: readonly { minutes: number }[]) => items.reduce((sum, i) => sum + i.minutes, 0);

/** A due date (a calendar day, "YYYY-MM-DD") as the browser writes dates, the same day wherever the reader is. */
export function formatDay(day: string): string {
  const at = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(at);
}

export const authorName = (a: CoachAuthor) => (a.kind === "member" ? a.displayName : "the coach");

const CHANGE: Record<string, string> = { agenda: "agenda prepared", notes: "notes from a transcript", edit: "edited" };
export const changeLabel = (change: string) => CHANGE[change] ?? change;

const GENERATOR: Record<string, string> = {
  llm: "AI model",
  offline: "offline coach (without the AI model)",
  member: "member edit",
};
export const generatorLabel = (g: string) => GENERATOR[g] ?? g;

export const SECTION_LABEL: Record<string, string> = {
  agenda: "Agenda",
  notes: "Notes",
  actionItems: "Action items",
  quiz: "Quiz",
  proofChecklist: "Proof checklist",
};

export const isCoachJobKind = (kind: string): kind is CoachJobKind => kind === "coach.agenda" || kind === "coach.notes";
