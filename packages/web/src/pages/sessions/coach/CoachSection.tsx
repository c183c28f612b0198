// The session's coach (loaded with the session page, as its own chunk): the latest CoachDoc (agenda, notes, action
// items per member, proof checklist, quiz), preparing an agenda and making notes from a transcript as jobs followed
// to the end, editing into a new version, and the versions with what each one changed.
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { api, type Schemas, unwrap } from "../../../api/client";
import type { ApiError } from "../../../api/errors";
import { ReportButton } from "../../../components/ReportButton";
import { Button, Card, Checkbox, EmptyState, ErrorNotice, Loading, Notice, Spinner } from "../../../components/ui";
import { useDraft } from "../../../lib/draft";
import { formatWhen } from "../../../lib/format";
import { useAction, useResource } from "../../../lib/use-resource";
import { CoachEditor, draftFrom, type EditorDraft } from "./CoachEditor";
import { CoachHistory } from "./CoachHistory";
import { CoachQuiz } from "./CoachQuiz";
import { isStale, loadDoc, saveEdit } from "./doc";
import { announceVersion, useCoachJob, useDocChanges } from "./jobs";
import { type ActionItem, agendaMinutes, authorName, type CoachDoc, formatDay, type Job } from "./model";
import { TranscriptForm } from "./TranscriptForm";

type Details = Schemas["SessionDetails"];

export function CoachSection({ s }: { s: Details }) {
  const path = { params: { path: { id: s.id } } };
  const doc = useResource(() => loadDoc(s.id), [s.id]);
  const reloadDoc = doc.reload;
  useDocChanges(s.id, () => void reloadDoc());
  const [transcript, setTranscript, clearTranscript] = useDraft<string>(`coach.transcript.${s.id}`, () => "");
  const [draft, setDraft, clearDraft] = useDraft<EditorDraft | null>(`coach.edit.${s.id}`, () => null);
  const [notesOpen, setNotesOpen] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);

  const onJobDone = useCallback(
    (job: Job | null) => {
      if (job?.kind === "coach.notes") {
        clearTranscript();
        setTranscript("");
        setNotesOpen(false);
      }
      const version = typeof job?.result?.version === "number" ? job.result.version : undefined;
      if (version !== undefined) announceVersion(s.id, version);
      setHistoryKey((k) => k + 1);
      void reloadDoc();
    },
    [s.id, reloadDoc, clearTranscript, setTranscript],
  );
  const coachJob = useCoachJob(s.id, onJobDone);
  const busy = coachJob.tracked !== null && coachJob.job?.status !== "failed" && coachJob.job?.status !== "succeeded";

  const agenda = useAction(async () => {
    setSaved(null);
    coachJob.start(await unwrap(api.POST("/v1/sessions/{id}/coach/agenda", { ...path, body: {} })));
  });
  const askNotes = async (body: { transcript: string } | { uploadKey: string }) => {
    setSaved(null);
    const job = await unwrap(api.POST("/v1/sessions/{id}/coach/notes", { ...path, body }));
    coachJob.start(job, "uploadKey" in body ? { uploadKey: body.uploadKey } : {});
  };
  const retry = useAction(async () => {
    const t = coachJob.tracked;
    if (t?.kind === "coach.agenda") return agenda.run();
    if (t?.uploadKey) return askNotes({ uploadKey: t.uploadKey });
    if (transcript.trim()) return askNotes({ transcript });
    // Nothing left to send again: the member pastes or chooses the transcript again.
    coachJob.dismiss();
    setNotesOpen(true);
  });

  // Opened from the "notes are ready" email (…#coach): the section is brought into view once it has loaded.
  const location = useLocation();
  const scrolled = useRef(false);
  useEffect(() => {
    if (location.hash !== "#coach" || doc.loading || scrolled.current) return;
    scrolled.current = true;
    document.getElementById("coach")?.scrollIntoView({ block: "start" });
  }, [location.hash, doc.loading]);

  const d = doc.data;
  const editing = draft !== null;
  const cancelled = s.status === "cancelled";

  return (
    <Card id="coach" aria-labelledby="coach-heading" className="scroll-mt-20 space-y-4">
      <div>
        <h2 id="coach-heading" className="text-lg font-bold">
          Coach
        </h2>
        <p className="text-sm text-slate-700">
          An agenda before the session, notes and action items after it: prepared by the coach, edited by any member.
        </p>
      </div>

      <JobProgress
        job={coachJob.job}
        tracked={coachJob.tracked}
        pollError={coachJob.pollError}
        onRetry={() => void retry.run()}
        retrying={retry.pending || agenda.pending}
        onDismiss={coachJob.dismiss}
      />
      <ErrorNotice error={agenda.error ?? retry.error} />
      {saved && <Notice tone="success">{saved}</Notice>}

      {!editing && !cancelled && (
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
          <Button pending={agenda.pending} disabled={busy} onClick={() => void agenda.run()}>
            Prepare agenda
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            aria-expanded={notesOpen}
            aria-controls="coach-notes-form"
            onClick={() => setNotesOpen((o) => !o)}
          >
            Make notes from a transcript
          </Button>
          {d && (
            <Button
              variant="secondary"
              onClick={() => {
                setSaved(null);
                setDraft(draftFrom(d));
              }}
            >
              Edit
            </Button>
          )}
        </div>
      )}

      {notesOpen && !editing && (
        <TranscriptForm
          sessionId={s.id}
          transcript={transcript}
          onTranscript={setTranscript}
          onSubmit={askNotes}
          onCancel={() => setNotesOpen(false)}
        />
      )}

      {doc.loading && d === undefined && <Loading label="Loading the coach's notes…" />}
      <ErrorNotice error={doc.error} title="The coach's document could not be loaded" />

      {editing && draft ? (
        <CoachEditor
          s={s}
          latest={d ?? null}
          draft={draft}
          onDraft={setDraft}
          onSaved={(next) => {
            setDraft(null);
            clearDraft();
            doc.set(next);
            setHistoryKey((k) => k + 1);
            setSaved(`Saved as version ${next.version}.`);
          }}
          onCancel={() => {
            setDraft(null);
            clearDraft();
          }}
          onReloadLatest={async () => {
            const latest = await loadDoc(s.id);
            doc.set(latest);
            return latest;
          }}
        />
      ) : (
        d !== undefined &&
        (d === null ? (
          <EmptyState title="No agenda or notes yet">
            <p>
              {cancelled
                ? "This session was cancelled."
                : "Prepare an agenda before the session, or paste its transcript afterwards to get notes, action items and a quiz."}
            </p>
          </EmptyState>
        ) : (
          <DocView
            s={s}
            doc={d}
            onSaved={(next) => {
              doc.set(next);
              setHistoryKey((k) => k + 1);
            }}
            onReload={() => void doc.reload()}
          />
        ))
      )}

      {d && !editing && (
        <ReportButton
          key={d.version}
          target={{ kind: "coach_document", sessionId: s.id, version: d.version }}
          what={`version ${d.version} of the coach document`}
        />
      )}
      {d?.quiz && !editing && <CoachQuiz key={d.id} sessionId={s.id} quiz={d.quiz} />}
      {d && <CoachHistory key={historyKey} sessionId={s.id} timezone={s.local.timezone} latest={d.version} />}
    </Card>
  );
}

const STATUS_TEXT: Record<string, Record<string, string>> = {
  "coach.agenda": {
    queued: "The agenda is queued: the coach starts on it in a moment…",
    running: "The coach is preparing the agenda…",
    retrying: "The coach ran into a problem with the agenda and is trying again…",
  },
  "coach.notes": {
    queued: "The notes are queued: the coach starts on them in a moment…",
    running: "The coach is reading the transcript and writing the notes…",
    retrying: "The coach ran into a problem with the notes and is trying again…",
  },
};

function JobProgress({
  job,
  tracked,
  pollError,
  onRetry,
  retrying,
  onDismiss,
}: {
  job: Job | null;
  tracked: { kind: string } | null;
  pollError: ApiError | undefined;
  onRetry: () => void;
  retrying: boolean;
  onDismiss: () => void;
}) {
  const kind = job?.kind ?? tracked?.kind ?? "coach.agenda";
  const what = kind === "coach.notes" ? "notes" : "agenda";
  if (!job && !tracked) return null;
  if (!job)
    return (
      <div aria-live="polite">
        <Notice>
          <span className="flex items-center gap-2">
            <Spinner /> Checking on the {what}…
          </span>
        </Notice>
      </div>
    );
  const status = job.status;
  let body: ReactNode;
  if (status === "succeeded") {
    const offline = job.result?.generator === "offline";
    body = (
      <Notice tone="success">
        {what === "notes" ? "The notes are ready" : "The agenda is ready"}
        {typeof job.result?.version === "number" && ` (version ${job.result.version})`}.
        {offline && " Prepared without the AI model, by the offline coach."}
      </Notice>
    );
  } else if (status === "failed") {
    body = (
      <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        <p className="font-semibold">
          The coach could not {what === "notes" ? "make the notes" : "prepare the agenda"}.
        </p>
        <p>{job.error?.message ?? "It failed after several attempts."}</p>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button variant="secondary" pending={retrying} onClick={onRetry}>
            Try again
          </Button>
          <Button variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      </div>
    );
  } else {
    const text = STATUS_TEXT[kind]?.[status] ?? `The ${what} is ${status}…`;
    body = (
      <Notice>
        <span className="flex items-center gap-2">
          <Spinner />
          <span>
            {text}
            {status === "retrying" && job.attempts > 0 && ` (attempt ${job.attempts + 1} of 5)`}
          </span>
        </span>
        <span className="mt-1 block text-slate-700">You can leave this page: the coach carries on.</span>
      </Notice>
    );
  }
  return (
    <div aria-live="polite" data-job-status={status} className="space-y-2">
      {body}
      {pollError && <Notice tone="warning">{pollError.message} Still checking…</Notice>}
    </div>
  );
}

/** Who wrote this version: the AI model, the offline coach, or a member (by name). */
function SourceMarker({ doc, timezone }: { doc: CoachDoc; timezone: string }) {
  const label =
    doc.generator === "member"
      ? `Edited by ${authorName(doc.author)}`
      : doc.generator === "offline"
        ? "Prepared without the AI model (offline coach)"
        : `Written by the AI coach${doc.model ? ` (${doc.model})` : ""}`;
  const tone =
    doc.generator === "member"
      ? "bg-sky-100 text-sky-950"
      : doc.generator === "offline"
        ? "bg-amber-100 text-amber-950"
        : "bg-violet-100 text-violet-950";
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
      <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${tone}`}>{label}</span>
      <span>
        Version {doc.version} · {formatWhen(doc.createdAt, timezone)}
      </span>
      {doc.fallbackReason && (
        <span className="block w-full text-slate-700">
          The AI model could not answer ({doc.fallbackReason}), so the offline coach did.
        </span>
      )}
    </p>
  );
}

function DocView({
  s,
  doc,
  onSaved,
  onReload,
}: {
  s: Details;
  doc: CoachDoc;
  onSaved: (d: CoachDoc) => void;
  onReload: () => void;
}) {
  const tz = s.local.timezone;
  const total = agendaMinutes(doc.agenda);
  const toggle = useAction(async (item: ActionItem) => {
    const next = await saveEdit(s.id, {
      version: doc.version,
      actionItems: doc.actionItems.map((a) => (a.id === item.id ? { ...a, done: !a.done } : a)),
    });
    onSaved(next);
  });
  const names = new Map(s.participants.map((p) => [p.userId, p.displayName]));
  const byOwner = new Map<string, ActionItem[]>();
  for (const a of doc.actionItems) byOwner.set(a.ownerId, [...(byOwner.get(a.ownerId) ?? []), a]);
  const me = s.participants.find((p) => p.isYou)?.userId;
  const hasNotes = doc.notes.summary.trim() !== "" || doc.notes.decisions.length > 0;

  return (
    <div className="space-y-5">
      <SourceMarker doc={doc} timezone={tz} />

      <section aria-labelledby="coach-agenda-heading" className="space-y-2">
        <h3 id="coach-agenda-heading" className="font-semibold">
          Agenda
        </h3>
        {doc.agenda.length === 0 ? (
          <p className="text-sm text-slate-700">No agenda yet.</p>
        ) : (
          <>
            <ol className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
              {doc.agenda.map((item) => (
                <li key={item.id} className="flex gap-3 p-3">
                  <span className="w-16 shrink-0 text-sm font-semibold text-indigo-900">{item.minutes} min</span>
                  <div>
                    <p className="font-medium">{item.title}</p>
                    {item.detail && <p className="text-sm text-slate-700">{item.detail}</p>}
                    {item.memberIds.length > 0 && item.memberIds.length < s.participants.length && (
                      <p className="text-xs text-slate-600">
                        For {item.memberIds.map((m) => names.get(m) ?? "a member").join(", ")}
                      </p>
                    )}
                  </div>
                </li>
              ))}
            </ol>
            <p className="text-sm font-semibold">Total: {total} min</p>
          </>
        )}
        {doc.focus.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer font-medium text-indigo-900">What the agenda is built on</summary>
            <ul className="mt-2 space-y-1 text-slate-700">
              {doc.focus.map((f) => (
                <li key={f.userId}>
                  <span className="font-medium text-slate-900">{f.displayName}</span>
                  {f.goal ? `: ${f.goal}` : ""}
                  {f.weakestTags.length > 0 &&
                    ` · weakest: ${f.weakestTags.map((t) => `${t.tag} (${Math.round(t.mastery * 100)}%)`).join(", ")}`}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section aria-labelledby="coach-notes-heading" className="space-y-2">
        <h3 id="coach-notes-heading" className="font-semibold">
          Notes
        </h3>
        {!hasNotes ? (
          <p className="text-sm text-slate-700">No notes yet: they come from the session's transcript.</p>
        ) : (
          <>
            {doc.notes.summary && <p className="whitespace-pre-line">{doc.notes.summary}</p>}
            {doc.notes.decisions.length > 0 && (
              <div>
                <h4 className="text-sm font-semibold">Decisions</h4>
                <ul className="list-disc space-y-1 pl-5">
                  {doc.notes.decisions.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="coach-actions-heading" className="space-y-2">
        <h3 id="coach-actions-heading" className="font-semibold">
          Action items
        </h3>
        {doc.actionItems.length === 0 ? (
          <p className="text-sm text-slate-700">No action items yet.</p>
        ) : (
          <div className="space-y-3">
            {[...byOwner.entries()].map(([owner, items]) => (
              <div key={owner} className="space-y-2">
                <h4 className="text-sm font-semibold">
                  {names.get(owner) ?? items[0]!.ownerName}
                  {owner === me && <span className="font-normal text-slate-600"> (you)</span>}
                </h4>
                <ul className="space-y-2">
                  {items.map((a) => (
                    <li key={a.id}>
                      <Checkbox
                        label={a.text}
                        hint={`Due ${formatDay(a.dueDate)}${a.done ? " · done" : ""}`}
                        checked={a.done}
                        disabled={toggle.pending}
                        onChange={() => void toggle.run(a)}
                      />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
        {isStale(toggle.error) ? (
          <div role="alert" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
            <p>Someone else saved a newer version, so this change was not saved.</p>
            <Button
              variant="secondary"
              onClick={() => {
                toggle.clearError();
                onReload();
              }}
            >
              Load the newest version
            </Button>
          </div>
        ) : (
          <ErrorNotice error={toggle.error} />
        )}
      </section>

      {doc.proofChecklist && doc.proofChecklist.items.length > 0 && (
        <section aria-labelledby="coach-proof-heading" className="space-y-2">
          <h3 id="coach-proof-heading" className="font-semibold">
            Proof checklist
          </h3>
          <p className="text-sm text-slate-700">What to show in your next check-in for each action item.</p>
          <ul className="list-disc space-y-1 pl-5">
            {doc.proofChecklist.items.map((p) => (
              <li key={p.id}>
                {/* The coach's text may already start with the member's name. */}
                {!p.text.startsWith(`${names.get(p.ownerId)}:`) && (
                  <span className="font-medium">{names.get(p.ownerId) ?? "A member"}: </span>
                )}
                {p.text} <span className="text-slate-700">— proof: {p.proof}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
