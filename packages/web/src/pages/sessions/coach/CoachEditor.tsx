// Editing the CoachDoc: agenda, notes and action items in one form, kept as a draft in this tab until saved. Saving
// sends the sections that changed with the version they were edited from; when someone saved a newer version in
// the meantime the API says 409, and the member's text stays in the form while they load the newest version.
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Schemas } from "../../../api/client";
import { Button, Checkbox, ErrorNotice, Notice, SelectField, TextArea, TextField } from "../../../components/ui";
import { useAction } from "../../../lib/use-resource";
import { isStale, latestVersionOf, saveEdit } from "./doc";
import {
  type ActionItem,
  type AgendaItem,
  agendaMinutes,
  authorName,
  COACH_LIMITS,
  type CoachDoc,
  type CoachEdit,
} from "./model";

type Details = Schemas["SessionDetails"];

type DraftAgenda = Omit<AgendaItem, "minutes" | "id"> & { id?: string; minutes: string };
type DraftAction = Omit<ActionItem, "id"> & { id?: string };

/** The form's content (minutes as typed; decisions one per line) and what it started from. */
export interface EditorDraft {
  /** The version the edit is based on: sent with the save. */
  version: number;
  agenda: DraftAgenda[];
  summary: string;
  decisions: string;
  actionItems: DraftAction[];
  /** The sections as they were when editing started, to send only the ones that changed. */
  origin: Pick<CoachEdit, "agenda" | "notes" | "actionItems">;
}

export function draftFrom(doc: CoachDoc): EditorDraft {
  return {
    version: doc.version,
    agenda: doc.agenda.map((a) => ({ ...a, minutes: String(a.minutes) })),
    summary: doc.notes.summary,
    decisions: doc.notes.decisions.join("\n"),
    actionItems: doc.actionItems.map((a) => ({ ...a })),
    origin: { agenda: doc.agenda, notes: doc.notes, actionItems: doc.actionItems },
  };
}

const AGENDA_KINDS: { value: AgendaItem["kind"]; label: string }[] = [
  { value: "opening", label: "Opening" },
  { value: "review", label: "Review" },
  { value: "focus", label: "Focus" },
  { value: "practice", label: "Practice" },
  { value: "plan", label: "Plan" },
  { value: "closing", label: "Closing" },
];

/** The sections of the draft as the API takes them. */
function sectionsOf(d: EditorDraft): Required<Pick<CoachEdit, "agenda" | "notes" | "actionItems">> {
  return {
    agenda: d.agenda.map((a) => ({ ...a, minutes: Number(a.minutes) })),
    notes: {
      summary: d.summary,
      decisions: d.decisions
        .split("\n")
        .map((x) => x.trim())
        .filter(Boolean),
    },
    actionItems: d.actionItems,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const counter = (n: number, max: number) => `${n} of ${max} characters${n > max ? ": too long" : ""}`;

/** The day a week from today, as a date input writes it. */
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export function CoachEditor({
  s,
  latest,
  draft,
  onDraft,
  onSaved,
  onCancel,
  onReloadLatest,
}: {
  s: Details;
  latest: CoachDoc | null;
  draft: EditorDraft;
  onDraft: (d: EditorDraft) => void;
  onSaved: (d: CoachDoc) => void;
  onCancel: () => void;
  onReloadLatest: () => Promise<CoachDoc | null>;
}) {
  const [nothing, setNothing] = useState(false);
  const [rebased, setRebased] = useState<CoachDoc | null>(null);
  const save = useAction(async () => {
    const sections = sectionsOf(draft);
    const edit: CoachEdit = { version: draft.version };
    if (!same(sections.agenda, draft.origin.agenda)) edit.agenda = sections.agenda;
    if (!same(sections.notes, draft.origin.notes)) edit.notes = sections.notes;
    if (!same(sections.actionItems, draft.origin.actionItems)) edit.actionItems = sections.actionItems;
    if (Object.keys(edit).length === 1) {
      setNothing(true);
      return;
    }
    onSaved(await saveEdit(s.id, edit));
  });
  const reload = useAction(async () => {
    const newest = await onReloadLatest();
    save.clearError();
    if (newest) {
      setRebased(newest);
      onDraft({ ...draft, version: newest.version });
    }
  });
  const fields = save.error?.fieldErrors() ?? {};
  const stale = isStale(save.error);
  const staleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) staleRef.current?.scrollIntoView({ block: "center" });
  }, [stale]);
  const newer = latest && latest.version > draft.version ? latest : null;

  const set = (patch: Partial<EditorDraft>) => {
    setNothing(false);
    onDraft({ ...draft, ...patch });
  };
  const setAgenda = (i: number, patch: Partial<DraftAgenda>) =>
    set({ agenda: draft.agenda.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const setAction = (i: number, patch: Partial<DraftAction>) =>
    set({ actionItems: draft.actionItems.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  const total = agendaMinutes(draft.agenda.map((a) => ({ minutes: Number(a.minutes) || 0 })));
  const me = s.participants.find((p) => p.isYou) ?? s.participants[0];

  return (
    <form aria-labelledby="coach-edit-heading" className="space-y-5" onSubmit={submit} noValidate>
      <div>
        <h3 id="coach-edit-heading" className="font-semibold">
          Edit the coach's document
        </h3>
        <p className="text-sm text-slate-700">
          Saving makes version {draft.version + 1}; every earlier version stays in the history.
        </p>
      </div>

      {!stale && newer && !rebased && (
        <Notice tone="warning">
          {authorName(newer.author)} saved version {newer.version} since you started editing version {draft.version}.
          Saving now will say so; your text stays here.
        </Notice>
      )}

      <fieldset className="space-y-3">
        <legend className="font-semibold">Agenda ({total} min)</legend>
        {draft.agenda.map((a, i) => (
          <fieldset key={a.id ?? `new-${i}`} className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200">
            <legend className="px-1 text-sm font-medium">Agenda item {i + 1}</legend>
            <TextField
              label="Title"
              value={a.title}
              error={fields[`agenda.${i}.title`]}
              hint={
                a.title.length > COACH_LIMITS.agendaTitle
                  ? counter(a.title.length, COACH_LIMITS.agendaTitle)
                  : undefined
              }
              onChange={(e) => setAgenda(i, { title: e.target.value })}
            />
            <div className="grid gap-2 sm:grid-cols-2">
              <TextField
                label="Minutes"
                type="number"
                inputMode="numeric"
                min={COACH_LIMITS.agendaMinutes.min}
                max={COACH_LIMITS.agendaMinutes.max}
                value={a.minutes}
                error={fields[`agenda.${i}.minutes`]}
                onChange={(e) => setAgenda(i, { minutes: e.target.value })}
              />
              <SelectField
                label="Kind"
                value={a.kind}
                onChange={(e) => setAgenda(i, { kind: e.target.value as AgendaItem["kind"] })}
              >
                {AGENDA_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </SelectField>
            </div>
            <TextArea
              label="Details"
              rows={2}
              value={a.detail}
              error={fields[`agenda.${i}.detail`]}
              hint={counter(a.detail.length, COACH_LIMITS.agendaDetail)}
              onChange={(e) => setAgenda(i, { detail: e.target.value })}
            />
            <Button variant="ghost" onClick={() => set({ agenda: draft.agenda.filter((_, j) => j !== i) })}>
              Remove agenda item {i + 1}
            </Button>
          </fieldset>
        ))}
        <Button
          variant="secondary"
          disabled={draft.agenda.length >= COACH_LIMITS.agendaItems}
          onClick={() =>
            set({
              agenda: [
                ...draft.agenda,
                {
                  title: "",
                  minutes: "10",
                  kind: "practice",
                  detail: "",
                  memberIds: s.participants.map((p) => p.userId),
                },
              ],
            })
          }
        >
          Add an agenda item
        </Button>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Notes</legend>
        <TextArea
          label="Summary"
          rows={5}
          value={draft.summary}
          error={fields["notes.summary"]}
          hint={counter(draft.summary.length, COACH_LIMITS.summary)}
          onChange={(e) => set({ summary: e.target.value })}
        />
        <TextArea
          label="Decisions (one per line)"
          rows={3}
          value={draft.decisions}
          error={Object.entries(fields).find(([k]) => k.startsWith("notes.decisions"))?.[1]}
          hint={`At most ${COACH_LIMITS.decisions} decisions of ${COACH_LIMITS.decision} characters each.`}
          onChange={(e) => set({ decisions: e.target.value })}
        />
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="font-semibold">Action items</legend>
        {draft.actionItems.map((a, i) => (
          <fieldset key={a.id ?? `new-${i}`} className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200">
            <legend className="px-1 text-sm font-medium">Action item {i + 1}</legend>
            <TextField
              label="What"
              value={a.text}
              error={fields[`actionItems.${i}.text`]}
              hint={
                a.text.length > COACH_LIMITS.actionText ? counter(a.text.length, COACH_LIMITS.actionText) : undefined
              }
              onChange={(e) => setAction(i, { text: e.target.value })}
            />
            <div className="grid gap-2 sm:grid-cols-2">
              <SelectField
                label="Who"
                value={a.ownerId}
                onChange={(e) => {
                  const owner = s.participants.find((p) => p.userId === e.target.value);
                  setAction(i, { ownerId: e.target.value, ownerName: owner?.displayName ?? a.ownerName });
                }}
              >
                {!s.participants.some((p) => p.userId === a.ownerId) && (
                  <option value={a.ownerId}>{a.ownerName}</option>
                )}
                {s.participants.map((p) => (
                  <option key={p.userId} value={p.userId}>
                    {p.displayName}
                  </option>
                ))}
              </SelectField>
              <TextField
                label="Due"
                type="date"
                value={a.dueDate}
                error={fields[`actionItems.${i}.dueDate`]}
                onChange={(e) => setAction(i, { dueDate: e.target.value })}
              />
            </div>
            <Checkbox label="Done" checked={a.done} onChange={(e) => setAction(i, { done: e.target.checked })} />
            <Button variant="ghost" onClick={() => set({ actionItems: draft.actionItems.filter((_, j) => j !== i) })}>
              Remove action item {i + 1}
            </Button>
          </fieldset>
        ))}
        <Button
          variant="secondary"
          disabled={draft.actionItems.length >= COACH_LIMITS.actionItems || !me}
          onClick={() =>
            me &&
            set({
              actionItems: [
                ...draft.actionItems,
                { ownerId: me.userId, ownerName: me.displayName, text: "", dueDate: inAWeek(), done: false },
              ],
            })
          }
        >
          Add an action item
        </Button>
      </fieldset>

      {!stale && (
        <ErrorNotice
          error={save.error}
          shownFields={Object.keys(fields).filter(
            (k) =>
              /^(agenda\.\d+\.(title|minutes|detail)|notes\.summary|actionItems\.\d+\.(text|dueDate))$/.test(k) ||
              k.startsWith("notes.decisions"),
          )}
        />
      )}
      {/* Next to the save button, where the member is when the answer comes. */}
      {stale && (
        <div
          role="alert"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p className="font-semibold">Someone else saved a newer version while you were editing.</p>
          <p>
            {latestVersionOf(save.error) !== undefined && `The newest is version ${latestVersionOf(save.error)}. `}
            Your changes were not saved, and they are still here in the form. Load the newest version, then save again
            to put your changes on top of it.
          </p>
          <Button variant="secondary" pending={reload.pending} onClick={() => void reload.run()}>
            Load the newest version
          </Button>
        </div>
      )}
      {rebased && !stale && (
        <Notice tone="info">
          Version {rebased.version} (by {authorName(rebased.author)}) is loaded. Your text is kept in the form: saving
          now replaces the sections you changed with yours.{" "}
          <button
            type="button"
            className="font-semibold underline"
            onClick={() => {
              setRebased(null);
              onDraft(draftFrom(rebased));
            }}
          >
            Discard my changes and edit version {rebased.version}
          </button>
        </Notice>
      )}
      <ErrorNotice error={reload.error} />
      {nothing && <Notice>Nothing has changed yet.</Notice>}
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button type="submit" pending={save.pending}>
          Save as a new version
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel editing
        </Button>
      </div>
    </form>
  );
}
