// Waitlist and matches: join a sprint's waitlist, see why you are still waiting, your invitations, and the learners
// you match best with — each score broken down and explained.
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { loadSprintTypes, type SprintType } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { getPreferences } from "../../api/preferences";
import { useMe } from "../../auth/session";
import { ScoreBreakdown } from "../../components/ScoreBreakdown";
import { Button, buttonClass, Card, EmptyState, ErrorNotice, Loading, Notice, PageTitle } from "../../components/ui";
import { formatDate, formatMoney, formatWhen, percent } from "../../lib/format";
import {
  COLLABORATION_STYLES,
  EXPERIENCE_LEVELS,
  labelOf,
  languageList,
  languageName,
  sprintLanguages,
} from "../../lib/options";
import { useAction, useResource } from "../../lib/use-resource";
import { matchReasons } from "./reasons";

type Entry = Schemas["WaitlistEntry"];
type PodSummary = Schemas["PodSummary"];

export function MatchesPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  // The welcome after onboarding is shown once: the history entry forgets it, so a reload does not repeat it.
  const arrived = location.state as { onboarded?: boolean; answered?: "declined" | "rematched" } | null;
  const [onboarded] = useState(arrived?.onboarded === true);
  // What the learner just did on a pod page (declined it, left it for a rematch), said once in words.
  const [answered] = useState(arrived?.answered);
  useEffect(() => {
    if (onboarded || answered) navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [onboarded, answered, navigate, location.pathname, location.search]);
  const highlight = params.get("sprintType");
  const data = useResource(async () => {
    const [sprintTypes, waitlist, pods, preferences] = await Promise.all([
      loadSprintTypes(),
      unwrap(api.GET("/v1/waitlist")),
      unwrap(api.GET("/v1/pods", { params: { query: { limit: 50 } } })),
      getPreferences(),
    ]);
    return { sprintTypes, waitlist: waitlist.items, pods: pods.items, preferences };
  }, []);

  const d = data.data;
  const invitations = d?.pods.filter((p) => p.myStatus === "invited" && p.status === "forming") ?? [];
  return (
    <div className="space-y-8">
      <PageTitle subtitle="Join a sprint's waitlist; we form pods of 3–5 people who can meet every week.">
        Waitlist and matches
      </PageTitle>
      {onboarded && (
        <Notice tone="success">
          You are all set up. Join the waitlist of your sprint below to be matched into a pod.
        </Notice>
      )}
      {answered === "declined" && (
        <Notice tone="success">
          You declined the pod. Your place goes to someone on the waitlist; you can join again for a later pod whenever
          you like.
        </Notice>
      )}
      {answered === "rematched" && (
        <Notice tone="success">
          You left the pod and are back on the waitlist with priority: the next pods formed consider you first. Your
          matches below are who you could meet next.
        </Notice>
      )}
      {data.loading && !d && <Loading label="Loading the waitlist…" />}
      <ErrorNotice error={data.error} title="The waitlist could not be loaded" />
      {invitations.length > 0 && (
        <section aria-labelledby="invites-heading" className="space-y-3">
          <h2 id="invites-heading" className="text-xl font-bold">
            Pod invitations
          </h2>
          <ul className="grid gap-3 md:grid-cols-2">
            {invitations.map((pod) => (
              <li key={pod.id}>
                <InvitationCard pod={pod} sprintName={d!.sprintTypes.find((s) => s.id === pod.sprintType)?.name} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {d && (
        <section aria-labelledby="sprints-heading" className="space-y-3">
          <h2 id="sprints-heading" className="text-xl font-bold">
            Sprints
          </h2>
          {d.preferences.availability.length === 0 && (
            <Notice tone="warning">
              Add your weekly availability on your{" "}
              <Link to="/profile" className="font-semibold underline">
                profile
              </Link>{" "}
              first: we match people who can meet at the same time.
            </Notice>
          )}
          <ul className="grid gap-4 md:grid-cols-2">
            {[...d.sprintTypes]
              .sort((a, b) => Number(b.id === highlight) - Number(a.id === highlight))
              .map((s) => (
                <li key={s.id}>
                  <SprintCard
                    sprint={s}
                    entry={d.waitlist.find((e) => e.sprintType === s.id)}
                    pod={d.pods.find(
                      (p) =>
                        p.sprintType === s.id &&
                        (p.status === "forming" || p.status === "active") &&
                        p.myStatus !== "declined" &&
                        p.myStatus !== "left" &&
                        p.myStatus !== "expired" &&
                        p.myStatus !== "moved",
                    )}
                    highlighted={s.id === highlight}
                    onChanged={data.reload}
                  />
                </li>
              ))}
          </ul>
        </section>
      )}
      {d && d.waitlist.length > 0 && (
        <section aria-labelledby="matches-heading" className="space-y-3">
          <h2 id="matches-heading" className="text-xl font-bold">
            Your best matches
          </h2>
          <p className="text-slate-700">
            Learners on the same waitlists you would work well with. Pods are formed from these when enough of you can
            meet at one time.
          </p>
          {d.waitlist.map((e) => (
            <SuggestionList key={e.sprintType} entry={e} sprint={d.sprintTypes.find((s) => s.id === e.sprintType)} />
          ))}
        </section>
      )}
    </div>
  );
}

function InvitationCard({ pod, sprintName }: { pod: PodSummary; sprintName?: string }) {
  return (
    <Card className="space-y-2 ring-2 ring-indigo-300">
      <p className="font-semibold">You are invited to a {sprintName ?? pod.sprintType} pod</p>
      <p className="text-sm text-slate-700">
        {pod.members} members · {pod.meetingTime} your time ({pod.timezone})
      </p>
      {pod.invitedUntil && (
        <p className="text-sm text-slate-700">Answer by {formatWhen(pod.invitedUntil, pod.timezone)} your time.</p>
      )}
      <Link to={`/pods/${pod.id}`} className={buttonClass("primary")}>
        See the pod and answer
      </Link>
    </Card>
  );
}

function SprintCard({
  sprint,
  entry,
  pod,
  highlighted,
  onChanged,
}: {
  sprint: SprintType;
  entry?: Entry;
  pod?: PodSummary;
  highlighted: boolean;
  onChanged: () => Promise<void>;
}) {
  const me = useMe();
  const languages = sprintLanguages(sprint);
  const myLanguage = me.locale.split("-")[0]!.toLowerCase();
  const offersMine = languages.includes(myLanguage);
  const join = useAction(async (locale?: string) => {
    await unwrap(api.POST("/v1/waitlist", { body: { sprintType: sprint.id, ...(locale ? { locale } : {}) } }));
    await onChanged();
  });
  // The server's refusal names the languages; here it becomes a choice the learner can make in one click.
  const wrongLanguage = join.error?.code === "waitlist.locale_not_offered" || !offersMine;
  const leave = useAction(async () => {
    await unwrap(api.DELETE("/v1/waitlist/{sprintType}", { params: { path: { sprintType: sprint.id } } }));
    await onChanged();
  });
  const headingId = `sprint-${sprint.id}`;
  return (
    <Card aria-labelledby={headingId} className={`h-full space-y-3 ${highlighted ? "ring-2 ring-indigo-500" : ""}`}>
      <h3 id={headingId} className="text-lg font-bold">
        {sprint.name}
      </h3>
      <p className="text-sm text-slate-700">{sprint.description}</p>
      <ul className="flex flex-wrap gap-2 text-xs font-medium text-slate-800">
        <li className="rounded-full bg-slate-100 px-2.5 py-1">{sprint.durationWeeks} weeks</li>
        <li className="rounded-full bg-slate-100 px-2.5 py-1">
          {sprint.sessionsPerWeek}× {sprint.sessionMinutes} min a week
        </li>
        <li className="rounded-full bg-slate-100 px-2.5 py-1">
          Deposit {formatMoney(sprint.deposit.amountCents, sprint.deposit.currency)}
        </li>
        <li className="rounded-full bg-slate-100 px-2.5 py-1">
          Pods of {sprint.podSize.min}–{sprint.podSize.max}
        </li>
      </ul>
      {pod && pod.myStatus === "invited" ? (
        <Notice tone="info">
          You are invited to a pod for this sprint
          {pod.invitedUntil && `; answer by ${formatWhen(pod.invitedUntil, pod.timezone)} your time`}.{" "}
          <Link to={`/pods/${pod.id}`} className="font-semibold underline">
            See the pod and answer
          </Link>
        </Notice>
      ) : pod ? (
        <Notice tone="success">
          {pod.status === "active"
            ? "You are in an active pod for this sprint."
            : "You said yes to a pod for this sprint; it has not started yet."}{" "}
          <Link to={`/pods/${pod.id}`} className="font-semibold underline">
            Open the pod
          </Link>
        </Notice>
      ) : entry ? (
        <div className="space-y-2">
          <Notice tone="info">
            <strong>On the waitlist</strong> since {formatDate(entry.joinedAt)}
            {entry.prioritySince && ", with priority"}. Matched as {labelOf(EXPERIENCE_LEVELS, entry.experienceLevel)},{" "}
            {labelOf(COLLABORATION_STYLES, entry.collaborationStyle).toLowerCase()}, in {entry.timezone}.
            {entry.reasonText && <span className="mt-1 block">Still waiting: {entry.reasonText}</span>}
          </Notice>
          <ErrorNotice error={leave.error} />
          <Button variant="secondary" pending={leave.pending} onClick={() => void leave.run()}>
            Leave the waitlist
          </Button>
        </div>
      ) : (
        <div className="space-y-2">
          {wrongLanguage ? (
            <div role={join.error ? "alert" : undefined} className="space-y-2">
              {join.error?.code !== "waitlist.locale_not_offered" && <ErrorNotice error={join.error} />}
              <Notice tone="warning">
                {sprint.name} runs in {languageList(languages)}; your pod language is {languageName(myLanguage)}. You
                can join in {languageList(languages)}.
              </Notice>
              <div className="flex flex-wrap gap-2">
                {languages.map((l) => (
                  <Button key={l} pending={join.pending} onClick={() => void join.run(l)}>
                    Join in {languageName(l)}
                  </Button>
                ))}
              </div>
            </div>
          ) : (
            <>
              <ErrorNotice error={join.error} />
              <Button pending={join.pending} onClick={() => void join.run()} aria-describedby={headingId}>
                Join the waitlist
              </Button>
            </>
          )}
          <p className="text-xs text-slate-600">
            We use your timezone, availability, experience and style from your{" "}
            <Link to="/profile" className="underline">
              preferences
            </Link>
            .
          </p>
        </div>
      )}
    </Card>
  );
}

function SuggestionList({ entry, sprint }: { entry: Entry; sprint?: SprintType }) {
  const matches = useResource(
    () => unwrap(api.GET("/v1/matches", { params: { query: { sprintType: entry.sprintType } } })),
    [entry.sprintType],
  );
  const [open, setOpen] = useState<string | null>(null);
  const m = matches.data?.items.find((x) => x.sprintType === entry.sprintType);
  return (
    <Card aria-labelledby={`matches-${entry.sprintType}`} className="space-y-3">
      <h3 id={`matches-${entry.sprintType}`} className="font-bold">
        {sprint?.name ?? entry.sprintType}
      </h3>
      {matches.loading && !matches.data && <Loading label="Finding your matches…" />}
      <ErrorNotice error={matches.error} />
      {matches.data && !m && (
        <EmptyState title="Looking for your matches">
          <p>We have not compared your hours with the others on this waitlist yet; your matches show here soon.</p>
        </EmptyState>
      )}
      {m && m.candidates.length === 0 && (
        <EmptyState title="No matches yet">
          <p>
            Nobody else on this waitlist shares a session-long time with you yet. We will keep looking as people join.
          </p>
        </EmptyState>
      )}
      {m && m.candidates.length > 0 && (
        <ol className="divide-y divide-slate-200">
          {m.candidates.map((c, i) => {
            const expanded = open === c.userId;
            const panelId = `match-${entry.sprintType}-${i}`;
            return (
              <li key={c.userId} className="py-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div>
                    <p className="font-semibold">
                      Match {i + 1}: {percent(c.score.overall)} compatible
                    </p>
                    <p className="text-sm text-slate-700">
                      {labelOf(EXPERIENCE_LEVELS, c.experienceLevel)} ·{" "}
                      {labelOf(COLLABORATION_STYLES, c.collaborationStyle)} · {c.timezone} · you could meet{" "}
                      <strong>{c.meetingTime}</strong> your time
                    </p>
                  </div>
                  <Button
                    variant="ghost"
                    aria-expanded={expanded}
                    aria-controls={panelId}
                    onClick={() => setOpen(expanded ? null : c.userId)}
                  >
                    {expanded ? "Hide why" : "Why this match?"}
                  </Button>
                </div>
                {expanded && (
                  <div id={panelId} className="mt-3 grid gap-4 rounded-lg bg-slate-50 p-3 md:grid-cols-2">
                    <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
                      {matchReasons(entry, c).map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                    <ScoreBreakdown score={c.score} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
