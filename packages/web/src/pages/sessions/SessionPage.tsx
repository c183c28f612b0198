// One session: when it is in my time, who is in it, joining the room, its calendar file, my check-in with proof
// of effort uploaded straight to storage, my pod-mates' check-ins, and the coach (its own chunk).
import { type FormEvent, lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { ReportButton } from "../../components/ReportButton";
import {
  Button,
  Card,
  Checkbox,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  TextArea,
  TextField,
} from "../../components/ui";
import { formatWhen } from "../../lib/format";
import { LIMITS } from "../../lib/limits";
import { PROOF_TYPES, proofProblem, utcToZonedInput, zonedToUtc } from "../../lib/sessions";
import { useAction, useResource } from "../../lib/use-resource";
import { SessionStatus } from "./labels";
import { uploadProof } from "./upload";

type Details = Schemas["SessionDetails"];

// The coach (agenda, notes, edits, history, quiz) is its own chunk, fetched once the session is shown.
const CoachSection = lazy(async () => ({ default: (await import("./coach/CoachSection")).CoachSection }));
type CheckIn = Schemas["CheckIn"];

const ATTENDANCE: Record<string, string> = { on_time: "on time", late: "late", absent: "absent" };

export function SessionPage() {
  const { sessionId = "" } = useParams();
  const params = { params: { path: { id: sessionId } } };
  const session = useResource(() => unwrap(api.GET("/v1/sessions/{id}", params)), [sessionId]);
  const checkins = useResource(
    async () => (await unwrap(api.GET("/v1/sessions/{id}/checkins", params))).items,
    [sessionId],
  );
  const s = session.data;
  return (
    <div className="space-y-6">
      <PageTitle subtitle={s ? <SessionStatus status={s.status} /> : undefined}>
        {s ? `Session ${s.number}` : "Session"}
      </PageTitle>
      {session.loading && !s && <Loading label="Loading the session…" />}
      <ErrorNotice error={session.error} title="This session could not be loaded" />
      {s && (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <div className="space-y-4">
            <WhenCard s={s} onJoined={session.reload} />
            {s.status === "scheduled" && Date.parse(s.startsAt) > Date.now() && (
              <ChangeCard s={s} onChanged={session.reload} />
            )}
            {s.status !== "cancelled" && (
              <CheckInCard
                s={s}
                mine={checkins.data?.find((c) => c.isYou)}
                onSaved={(saved) => {
                  checkins.set((list) => [saved, ...(list ?? []).filter((c) => !c.isYou)]);
                  void session.reload();
                }}
              />
            )}
            <Suspense fallback={<Loading label="Loading the coach…" />}>
              <CoachSection s={s} />
            </Suspense>
          </div>
          <div className="space-y-4">
            <ParticipantsCard s={s} />
            <CheckInsCard sessionId={s.id} items={checkins.data} loading={checkins.loading} error={checkins.error} />
          </div>
        </div>
      )}
    </div>
  );
}

function WhenCard({ s, onJoined }: { s: Details; onJoined: () => Promise<void> }) {
  const params = { params: { path: { id: s.id } } };
  const [roomUrl, setRoomUrl] = useState<string | null>(null);
  const join = useAction(async () => {
    const { url } = await unwrap(
      api.GET("/v1/sessions/{id}/join", { ...params, headers: { accept: "application/json" } }),
    );
    setRoomUrl(url);
    await onJoined();
  });
  const ics = useAction(async () => {
    const text = await unwrap(api.GET("/v1/sessions/{id}/ics", { ...params, parseAs: "text" }));
    const href = URL.createObjectURL(new Blob([text], { type: "text/calendar" }));
    const a = document.createElement("a");
    a.href = href;
    a.download = `pactly-session-${s.number}.ics`;
    a.click();
    // Released once the download has had time to take the file.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  });
  const open = s.status === "scheduled" || s.status === "active";
  return (
    <Card aria-labelledby="when-heading" className="space-y-3">
      <h2 id="when-heading" className="text-lg font-bold">
        When
      </h2>
      <p className="text-xl font-semibold text-indigo-900">{s.local.text}</p>
      <p className="text-sm text-slate-700">your time ({s.local.timezone})</p>
      {s.cancelledReason && (
        <Notice tone="warning">
          {s.status === "cancelled" ? "Cancelled" : "Changed"}: {s.cancelledReason}
        </Notice>
      )}
      {s.history.some((h) => h.change === "rescheduled") && (
        <ul className="space-y-1 text-sm text-slate-700" aria-label="Changes">
          {s.history
            .filter((h) => h.change === "rescheduled")
            .map((h) => (
              <li key={h.at}>
                Moved by {h.by}
                {h.from && ` from ${formatWhen(h.from, s.local.timezone)}`}: {h.reason}
              </li>
            ))}
        </ul>
      )}
      {s.agenda && (
        <div>
          <h3 className="font-semibold">Agenda</h3>
          <p className="whitespace-pre-line text-slate-800">{s.agenda}</p>
        </div>
      )}
      <ErrorNotice error={join.error ?? ics.error} />
      {roomUrl && (
        <Notice tone="success">
          You are marked as joined.{" "}
          <a href={roomUrl} target="_blank" rel="noopener noreferrer" className="font-semibold underline">
            Open the video room
          </a>{" "}
          (opens in a new tab).
        </Notice>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        {open && (
          <Button pending={join.pending} onClick={() => void join.run()}>
            Join the session
          </Button>
        )}
        <Button variant="secondary" pending={ics.pending} onClick={() => void ics.run()}>
          Download .ics
        </Button>
      </div>
      <p className="text-sm text-slate-600">The room opens 15 minutes before the start.</p>
      <p className="text-sm">
        <Link to={`/pods/${s.podId}`} className="text-indigo-800 underline">
          Back to the pod
        </Link>
      </p>
    </Card>
  );
}

/**
 * Moving a session that has not started (to its backup time, or another time every member can make) or cancelling
 * it; both need a reason, which every member is told.
 */
function ChangeCard({ s, onChanged }: { s: Details; onChanged: () => Promise<void> }) {
  const params = { params: { path: { id: s.id } } };
  const tz = s.local.timezone;
  const [mode, setMode] = useState<"none" | "move" | "cancel">("none");
  const [to, setTo] = useState<"backup" | "time">(s.backupStartsAt ? "backup" : "time");
  const [when, setWhen] = useState(() => utcToZonedInput(s.startsAt, tz));
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const tooShort = reason.trim().length < 3;
  const move = useAction(async () => {
    const moved = await unwrap(
      api.POST("/v1/sessions/{id}/reschedule", {
        ...params,
        body: to === "backup" ? { to, reason } : { to, startsAt: zonedToUtc(when, tz).toISOString(), reason },
      }),
    );
    setDone(`Moved to ${moved.local.text}. Every member is told, with your reason.`);
    setMode("none");
    setReason("");
    await onChanged();
  });
  const cancel = useAction(async () => {
    await unwrap(api.POST("/v1/sessions/{id}/cancel", { ...params, body: { reason } }));
    setDone("Cancelled. Every member is told, and it does not count against anyone's refund.");
    setMode("none");
    await onChanged();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tooShort) return;
    void (mode === "move" ? move.run() : cancel.run());
  };
  return (
    <Card aria-labelledby="change-heading" className="space-y-3">
      <h2 id="change-heading" className="text-lg font-bold">
        Change this session
      </h2>
      {done && <Notice tone="success">{done}</Notice>}
      {mode === "none" ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button variant="secondary" onClick={() => setMode("move")}>
            Move it…
          </Button>
          <Button variant="secondary" onClick={() => setMode("cancel")}>
            Cancel it…
          </Button>
        </div>
      ) : (
        <form className="space-y-3" onSubmit={submit} noValidate>
          {mode === "move" && (
            <fieldset className="space-y-2">
              <legend className="font-semibold">Move to</legend>
              {s.backupStartsAt && (
                <label className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="move-to"
                    className="mt-1"
                    checked={to === "backup"}
                    onChange={() => setTo("backup")}
                  />
                  <span>
                    The backup time every member can make: <strong>{formatWhen(s.backupStartsAt, tz)}</strong>
                  </span>
                </label>
              )}
              <label className="flex items-start gap-2">
                <input
                  type="radio"
                  name="move-to"
                  className="mt-1"
                  checked={to === "time"}
                  onChange={() => setTo("time")}
                />
                <span>Another time</span>
              </label>
              {to === "time" && (
                <TextField
                  label={`New start, your time (${tz})`}
                  type="datetime-local"
                  value={when}
                  onChange={(e) => setWhen(e.target.value)}
                  required
                />
              )}
            </fieldset>
          )}
          {mode === "cancel" && (
            <p className="text-slate-700">
              Cancel session {s.number} for everyone? A cancelled session does not count against anyone's refund.
            </p>
          )}
          <TextArea
            label="Reason (your pod-mates see it)"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            error={reason.length > 0 && tooShort ? "Say in a few words why." : undefined}
            required
          />
          <ErrorNotice error={move.error ?? cancel.error} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button
              type="submit"
              variant={mode === "cancel" ? "danger" : "primary"}
              pending={move.pending || cancel.pending}
              disabled={tooShort}
            >
              {mode === "cancel" ? "Cancel the session" : "Move the session"}
            </Button>
            <Button variant="secondary" onClick={() => setMode("none")}>
              Keep it as it is
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

function ParticipantsCard({ s }: { s: Details }) {
  return (
    <Card aria-labelledby="participants-heading">
      <h2 id="participants-heading" className="mb-3 text-lg font-bold">
        Participants ({s.participants.length})
      </h2>
      <ul className="divide-y divide-slate-200">
        {s.participants.map((m) => (
          <li key={m.userId} className="py-2">
            <p className="font-semibold">
              {m.displayName}
              {m.isYou && <span className="ml-1 text-sm font-normal text-slate-600">(you)</span>}
            </p>
            <p className="text-sm text-slate-700">
              {m.joinedAt ? `Joined ${formatWhen(m.joinedAt)}` : "Not joined yet"}
              {m.attendance && ` · ${ATTENDANCE[m.attendance] ?? m.attendance}`}
              {m.checkedIn && " · checked in"}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function CheckInCard({ s, mine, onSaved }: { s: Details; mine: CheckIn | undefined; onSaved: (c: CheckIn) => void }) {
  const [attended, setAttended] = useState(mine?.attended ?? true);
  const [rpe, setRpe] = useState(String(mine?.rpe ?? ""));
  const [win, setWin] = useState(mine?.win ?? "");
  const [tweak, setTweak] = useState(mine?.tweak ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    const n = Number(rpe);
    if (!Number.isInteger(n) || n < 1 || n > 10)
      throw new ApiError(0, "checkin.rpe", "Rate the effort from 1 (very easy) to 10 (as hard as it gets).", null);
    let proofKey: string | undefined;
    if (file) {
      const form = await unwrap(
        api.POST("/v1/uploads/proof", {
          body: { sessionId: s.id, contentType: file.type as (typeof PROOF_TYPES)[number], size: file.size },
        }),
      );
      setProgress(0);
      await uploadProof(form, file, setProgress).catch((e: unknown) => {
        setProgress(null);
        throw e;
      });
      proofKey = form.key;
    }
    const result = await unwrap(
      api.POST("/v1/sessions/{id}/checkins", {
        params: { path: { id: s.id } },
        body: { attended, rpe: n, win, tweak, ...(proofKey ? { proofKey } : {}) },
      }),
    );
    setFile(null);
    setSaved(true);
    onSaved(result);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (fileError) return;
    setSaved(false);
    setProgress(null);
    void save.run();
  };
  const fields = save.error?.fieldErrors() ?? {};
  const started = Date.now() >= Date.parse(s.startsAt);
  return (
    <Card aria-labelledby="checkin-heading">
      <h2 id="checkin-heading" className="mb-1 text-lg font-bold">
        {mine ? "Your check-in" : "Check in"}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        {mine
          ? `You can change it until ${formatWhen(mine.editableUntil)}.`
          : started
            ? "How did it go? Your pod sees your check-in."
            : "You can check in once the session has started."}
      </p>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Checkbox label="I attended" checked={attended} onChange={(e) => setAttended(e.target.checked)} />
        <TextField
          label="Effort (RPE, 1–10)"
          hint="1 is very easy, 10 as hard as it gets."
          type="number"
          inputMode="numeric"
          min={1}
          max={10}
          required
          value={rpe}
          error={fields.rpe}
          onChange={(e) => setRpe(e.target.value)}
        />
        <TextArea
          label="A win"
          hint={`${win.length} of ${LIMITS.checkinText.max} characters`}
          maxLength={LIMITS.checkinText.max}
          value={win}
          error={fields.win}
          onChange={(e) => setWin(e.target.value)}
        />
        <TextArea
          label="A tweak for next time"
          hint={`${tweak.length} of ${LIMITS.checkinText.max} characters`}
          maxLength={LIMITS.checkinText.max}
          value={tweak}
          error={fields.tweak}
          onChange={(e) => setTweak(e.target.value)}
        />
        <TextField
          label="Proof of effort (optional)"
          hint="A photo, a PDF or a text file, at most 10 MB."
          type="file"
          accept={PROOF_TYPES.join(",")}
          error={fileError}
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            const problem = f ? proofProblem(f) : null;
            setFileError(problem ?? undefined);
            setFile(problem ? null : f);
          }}
        />
        {progress !== null && (
          <div className="space-y-1">
            <label htmlFor="proof-progress" className="block text-sm font-medium text-slate-800">
              {progress < 1 ? `Uploading proof: ${Math.round(progress * 100)}%` : "Proof uploaded"}
            </label>
            <progress id="proof-progress" className="w-full" max={1} value={progress} />
          </div>
        )}
        <ErrorNotice error={save.error} shownFields={["rpe", "win", "tweak"]} />
        {saved && !save.pending && <Notice tone="success">Check-in saved. Your pod can see it.</Notice>}
        <Button type="submit" pending={save.pending}>
          {mine ? "Save my check-in" : "Check in"}
        </Button>
      </form>
    </Card>
  );
}

function CheckInsCard({
  sessionId,
  items,
  loading,
  error,
}: {
  sessionId: string;
  items: CheckIn[] | undefined;
  loading: boolean;
  error: ApiError | undefined;
}) {
  const others = items?.filter((c) => !c.isYou) ?? [];
  return (
    <Card aria-labelledby="checkins-heading">
      <h2 id="checkins-heading" className="mb-3 text-lg font-bold">
        Pod-mates' check-ins
      </h2>
      {loading && !items && <Loading label="Loading check-ins…" />}
      <ErrorNotice error={error} />
      {items && others.length === 0 && <p className="text-slate-700">No pod-mate has checked in yet.</p>}
      <ul className="divide-y divide-slate-200">
        {others.map((c) => (
          <li key={c.userId} className="space-y-1 py-3">
            <p className="font-semibold">{c.displayName}</p>
            <p className="text-sm text-slate-700">
              {c.attended ? "Attended" : "Did not attend"} · effort {c.rpe}/10
            </p>
            {c.win && (
              <p>
                <span className="font-medium">Win:</span> {c.win}
              </p>
            )}
            {c.tweak && (
              <p>
                <span className="font-medium">Tweak:</span> {c.tweak}
              </p>
            )}
            {c.proof && (
              <p className="text-sm">
                <a href={c.proof.url} target="_blank" rel="noopener noreferrer" className="text-indigo-800 underline">
                  See {c.displayName}'s proof
                </a>{" "}
                <span className="text-slate-600">({Math.max(1, Math.round(c.proof.size / 1024))} KB)</span>
              </p>
            )}
            <ReportButton
              target={{ kind: "checkin", sessionId, userId: c.userId }}
              what={`${c.displayName}'s check-in`}
            />
          </li>
        ))}
      </ul>
    </Card>
  );
}
