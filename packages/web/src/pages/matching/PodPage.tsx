// One pod: who is in it, when it meets in each member's timezone, why it fits, and my answer — accept, decline, or
// leave for a rematch with a reason.
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { ScoreBreakdown } from "../../components/ScoreBreakdown";
import {
  Button,
  Card,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  SelectField,
  TextArea,
  TextField,
} from "../../components/ui";
import { formatWhen, percent } from "../../lib/format";
import { COLLABORATION_STYLES, EXPERIENCE_LEVELS, labelOf } from "../../lib/options";
import { upcomingFirst } from "../../lib/sessions";
import { useAction, useResource } from "../../lib/use-resource";
import { PodStatus } from "../HomePage";
import { SessionStatus } from "../sessions/labels";
import { MEMBER_STATUS, REMATCH_REASONS } from "./labels";

type Pod = Schemas["Pod"];

/** The slot's first session in its reference week, as a weekday and times in `timeZone`. */
export function slotIn(slot: Pod["slot"], timeZone: string): string {
  const start = new Date(Date.parse(`${slot.referenceWeek}T00:00:00Z`) + slot.utcMinuteOfWeek * 60_000);
  const end = new Date(start.getTime() + slot.durationMinutes * 60_000);
  const day = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone }).format(start);
  const time = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(d);
  return `${day}s ${time(start)}–${time(end)}`;
}

/**
 * What a forming pod is waiting for, in words that are true: it starts when every member has answered (and enough
 * said yes), or at the answer deadline with those who said yes by then, if they are enough.
 */
export function waitingFor(pod: Pod): string {
  const accepted = pod.members.filter((m) => m.status === "accepted").length;
  const invited = pod.members.filter((m) => m.status === "invited");
  const deadline = invited
    .map((m) => m.invitedUntil)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  const said = `You accepted: ${accepted} of ${pod.members.length} have said yes.`;
  if (invited.length === 0) return `${said} The pod starts as soon as ${pod.podSize.min} have.`;
  const others = invited.length === 1 ? "1 member" : `${invited.length} members`;
  const by = deadline ? ` by ${formatWhen(deadline, pod.timezone)} your time` : "";
  return `${said} The pod starts when ${others} still to answer ${invited.length === 1 ? "has" : "have"} answered, or at the deadline${by} if at least ${pod.podSize.min} have said yes by then.`;
}

export function PodPage() {
  const { podId = "" } = useParams();
  const pod = useResource(async () => {
    const [view, sprintTypes] = await Promise.all([
      unwrap(api.GET("/v1/pods/{id}", { params: { path: { id: podId } } })),
      loadSprintTypes(),
    ]);
    return { view, sprintName: sprintTypes.find((s) => s.id === view.sprintType)?.name ?? view.sprintType };
  }, [podId]);

  const title = pod.data ? `${pod.data.sprintName} pod` : "Pod";
  return (
    <div className="space-y-6">
      <PageTitle subtitle={pod.data ? <PodStatus status={pod.data.view.status} /> : undefined}>{title}</PageTitle>
      {pod.loading && !pod.data && <Loading label="Loading the pod…" />}
      <ErrorNotice error={pod.error} title="This pod could not be loaded" />
      {pod.data && <PodView pod={pod.data.view} onChanged={pod.reload} />}
    </div>
  );
}

function PodView({ pod, onChanged }: { pod: Pod; onChanged: () => Promise<void> }) {
  const seated = pod.members.filter((m) => m.status === "invited" || m.status === "accepted");
  const names = new Map(pod.members.map((m) => [m.userId, m.isYou ? "You" : m.displayName]));
  return (
    <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
      <div className="space-y-4">
        <AnswerCard pod={pod} onChanged={onChanged} />
        <Card aria-labelledby="when-heading">
          <h2 id="when-heading" className="mb-1 text-lg font-bold">
            When you meet
          </h2>
          {pod.meetingTimes.length > 1 ? (
            <ul className="text-xl font-semibold text-indigo-900">
              {pod.meetingTimes.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <p className="text-xl font-semibold text-indigo-900">{pod.meetingTime}</p>
          )}
          <p className="mb-3 text-sm text-slate-700">your time ({pod.timezone}), every week</p>
          {pod.explanation && (
            <div className="space-y-2">
              <h3 className="font-semibold">Why this pod</h3>
              <p>{pod.explanation.headline}</p>
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
                {pod.explanation.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>
        {(pod.status === "active" || pod.status === "completed") && <SessionsCard podId={pod.id} />}
        <Card aria-labelledby="members-heading">
          <h2 id="members-heading" className="mb-3 text-lg font-bold">
            Members ({seated.length})
          </h2>
          <ul className="divide-y divide-slate-200">
            {pod.members.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-start justify-between gap-2 py-3">
                <div>
                  <p className="font-semibold">
                    {m.displayName}
                    {m.isYou && <span className="ml-1 text-sm font-normal text-slate-600">(you)</span>}
                  </p>
                  <p className="text-sm text-slate-700">
                    {labelOf(EXPERIENCE_LEVELS, m.experienceLevel)} ·{" "}
                    {labelOf(COLLABORATION_STYLES, m.collaborationStyle)}
                  </p>
                  <p className="text-sm text-slate-700">
                    {pod.slots.map((slot) => slotIn(slot, m.timezone)).join(", ")}{" "}
                    <span className="text-slate-600">in {m.timezone}</span>
                  </p>
                </div>
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
                  {MEMBER_STATUS[m.status]}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <div className="space-y-4">
        {pod.score && (
          <Card aria-labelledby="score-heading">
            <h2 id="score-heading" className="sr-only">
              Compatibility of the pod
            </h2>
            <ScoreBreakdown score={pod.score} title="Pod compatibility" />
          </Card>
        )}
        {pod.pairwise.length > 0 && (
          <Card>
            <details>
              <summary className="cursor-pointer font-semibold">Scores between members</summary>
              <table className="mt-3 w-full text-left text-sm">
                <thead>
                  <tr className="text-slate-600">
                    <th scope="col" className="py-1 font-medium">
                      Pair
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Overall
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {pod.pairwise.map((p) => (
                    <tr key={`${p.a}-${p.b}`} className="border-t border-slate-200">
                      <td className="py-1">
                        {names.get(p.a) ?? "A former member"} & {names.get(p.b) ?? "a former member"}
                      </td>
                      <td className="py-1 text-right tabular-nums">{percent(p.score.overall)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </Card>
        )}
      </div>
    </div>
  );
}

function SessionsCard({ podId }: { podId: string }) {
  const sessions = useResource(
    async () => (await unwrap(api.GET("/v1/pods/{id}/sessions", { params: { path: { id: podId } } }))).items,
    [podId],
  );
  const items = sessions.data ? upcomingFirst(sessions.data, Date.now()) : [];
  return (
    <Card aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="mb-3 text-lg font-bold">
        Sessions
      </h2>
      {sessions.loading && !sessions.data && <Loading label="Loading the sessions…" />}
      <ErrorNotice error={sessions.error} title="The sessions could not be loaded" />
      {sessions.data && items.length === 0 && <p className="text-slate-700">No sessions scheduled yet.</p>}
      <ul className="divide-y divide-slate-200">
        {items.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div>
              <Link to={`/sessions/${s.id}`} className="font-semibold text-indigo-800 underline">
                Session {s.number}: {s.local.text}
              </Link>
              <p className="text-sm text-slate-600">{s.local.timezone}</p>
            </div>
            <SessionStatus status={s.status} />
          </li>
        ))}
      </ul>
      <CalendarFeed />
    </Card>
  );
}

/** The private feed: its URL is shown once, as it is the secret; asking again replaces it. */
function CalendarFeed() {
  const [feed, setFeed] = useState<Schemas["CalendarFeed"] | null>(null);
  const subscribe = useAction(async () => setFeed(await unwrap(api.POST("/v1/me/calendar-feed"))));
  const webcal = feed?.url.replace(/^https?:/, "webcal:");
  return (
    <div className="mt-4 space-y-2 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">Your calendar</h3>
      <p className="text-sm text-slate-700">
        A private address your calendar app follows, with every session of every pod you are in.
        {feed ? "" : " Making a new one stops the old one working."}
      </p>
      <ErrorNotice error={subscribe.error} />
      {feed && webcal ? (
        <div className="space-y-2">
          <TextField
            label="Calendar address (keep it to yourself)"
            readOnly
            value={feed.url}
            onFocus={(e) => e.target.select()}
          />
          <p className="text-sm">
            <a href={webcal} className="text-indigo-800 underline">
              Open in my calendar app
            </a>
          </p>
        </div>
      ) : (
        <Button variant="secondary" pending={subscribe.pending} onClick={() => void subscribe.run()}>
          Subscribe to my calendar
        </Button>
      )}
    </div>
  );
}

function AnswerCard({ pod, onChanged }: { pod: Pod; onChanged: () => Promise<void> }) {
  const navigate = useNavigate();
  const me = pod.members.find((m) => m.isYou);
  const [confirmDecline, setConfirmDecline] = useState(false);
  const [rematchOpen, setRematchOpen] = useState(false);
  const [reason, setReason] = useState<Schemas["RematchInput"]["reason"]>("schedule_changed");
  const [note, setNote] = useState("");
  const id = { params: { path: { id: pod.id } } };
  const accept = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/accept", id));
    await onChanged();
  });
  const decline = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/decline", id));
    navigate("/matches", { replace: true });
  });
  const rematch = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/rematch", { ...id, body: { reason, ...(note.trim() ? { note } : {}) } }));
    navigate("/matches", { replace: true });
  });
  const submitRematch = (e: FormEvent) => {
    e.preventDefault();
    void rematch.run();
  };

  if (!me || pod.status === "completed" || pod.status === "disbanded") return null;

  if (pod.myStatus === "invited") {
    return (
      <Card aria-labelledby="answer-heading" className="space-y-3 ring-2 ring-indigo-300">
        <h2 id="answer-heading" className="text-lg font-bold">
          You are invited
        </h2>
        <p className="text-slate-700">
          Say yes to meet {pod.meetingTime} your time with this pod.
          {me.invitedUntil &&
            ` Please answer by ${formatWhen(me.invitedUntil, pod.timezone)} your time; after that your place goes to someone else.`}
        </p>
        <ErrorNotice error={accept.error ?? decline.error} />
        {!confirmDecline ? (
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button pending={accept.pending} onClick={() => void accept.run()}>
              Accept and join the pod
            </Button>
            <Button variant="secondary" onClick={() => setConfirmDecline(true)}>
              Decline…
            </Button>
          </div>
        ) : (
          <div className="space-y-2 rounded-lg bg-slate-50 p-3">
            <p className="font-medium">
              Decline this pod? Your place goes to someone on the waitlist; you can join the waitlist again for a later
              pod.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button variant="danger" pending={decline.pending} onClick={() => void decline.run()}>
                Yes, decline
              </Button>
              <Button variant="secondary" onClick={() => setConfirmDecline(false)}>
                Keep the invitation
              </Button>
            </div>
          </div>
        )}
      </Card>
    );
  }

  if (pod.myStatus !== "accepted") return null;
  return (
    <Card aria-labelledby="answer-heading" className="space-y-3">
      <h2 id="answer-heading" className="sr-only">
        Your place
      </h2>
      {pod.status === "active" ? (
        <Notice tone="success">You are in. The pod is active: sessions follow the weekly time below.</Notice>
      ) : (
        <Notice tone="info">{waitingFor(pod)}</Notice>
      )}
      {!rematchOpen ? (
        <Button variant="ghost" aria-expanded={false} onClick={() => setRematchOpen(true)}>
          Not working out? Ask for a rematch…
        </Button>
      ) : (
        <form onSubmit={submitRematch} className="space-y-3 rounded-lg bg-slate-50 p-3">
          <p className="text-sm text-slate-700">
            You leave this pod and go back to the waitlist with priority: you are placed first at the next formation.
          </p>
          <SelectField
            label="Why do you want a rematch?"
            value={reason}
            onChange={(e) => setReason(e.target.value as typeof reason)}
          >
            {REMATCH_REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextArea
            label="Anything to add? (optional)"
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
          <ErrorNotice error={rematch.error} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" variant="danger" pending={rematch.pending}>
              Leave the pod and rematch
            </Button>
            <Button variant="secondary" onClick={() => setRematchOpen(false)}>
              Stay in the pod
            </Button>
          </div>
        </form>
      )}
      <p className="text-sm">
        <Link to="/matches" className="text-indigo-800 underline">
          Waitlist and matches
        </Link>
      </p>
    </Card>
  );
}
