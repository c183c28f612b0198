// Home: one read of GET /v1/me/dashboard — onboarding left to do, pods, the next session, reviews, balance — and the
// learning streak from GET /v1/me/progress, in the learner's timezone, with a link to the progress page.
import { useEffect, useState } from "react";
import { Link, Navigate } from "react-router";
import { api, type Schemas, unwrap } from "../api/client";
import { buttonClass, Card, EmptyState, ErrorNotice, Loading, Notice, PageTitle } from "../components/ui";
import { formatMoney } from "../lib/format";
import { countdown } from "../lib/sessions";
import { useResource } from "../lib/use-resource";
import { streakText } from "./learn/progress";

type Dashboard = Schemas["Dashboard"];

export function HomePage() {
  const dashboard = useResource(() => unwrap(api.GET("/v1/me/dashboard")), []);
  const d = dashboard.data;
  if (d && !d.onboarding.completed) return <Navigate to="/onboarding" replace />;
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Here is where your sprint stands.">
        {d ? `Hi, ${d.profile.name.split(" ")[0]}` : "Home"}
      </PageTitle>
      {dashboard.loading && !d && <Loading label="Loading your dashboard…" />}
      <ErrorNotice error={dashboard.error} title="Your dashboard could not be loaded" />
      {d && <DashboardView d={d} />}
    </div>
  );
}

function DashboardView({ d }: { d: Dashboard }) {
  return (
    <>
      {!d.profile.emailVerified && (
        <Notice tone="warning">Confirm your email address: open the link we sent to {d.profile.email}.</Notice>
      )}
      {d.degraded.length > 0 && (
        <Notice tone="warning">
          Some parts could not be loaded right now ({d.degraded.join(", ")}). Try again shortly.
        </Notice>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Card aria-labelledby="pods-heading" className="md:row-span-3">
          <h2 id="pods-heading" className="mb-3 text-lg font-bold">
            Your pods
          </h2>
          {d.pods.length === 0 ? (
            <EmptyState title="No pod yet">
              <p>Set a goal and join a sprint's waitlist; we form pods of 3–5 people who can meet at the same time.</p>
              <Link to="/matches" className={buttonClass("primary")}>
                Find a pod
              </Link>
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200">
              {d.pods.map((pod) => (
                <li key={pod.id} className="flex items-start justify-between gap-3 py-3">
                  <div>
                    <Link to={`/pods/${pod.id}`} className="font-semibold text-indigo-800 underline">
                      {pod.name}
                    </Link>
                    {/* Extra fields the pods domain adds to its dashboard section, shown when present. */}
                    {typeof pod.meetingTime === "string" && <p className="text-sm text-slate-700">{pod.meetingTime}</p>}
                    {pod.myStatus === "invited" && (
                      <p className="text-sm font-semibold text-indigo-900">You are invited: open the pod to answer.</p>
                    )}
                  </div>
                  <PodStatus status={pod.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <NextSessionCard d={d} />
        <StreakCard />
        <Card aria-labelledby="stats-heading">
          <h2 id="stats-heading" className="sr-only">
            Your numbers
          </h2>
          <dl className="grid grid-cols-2 gap-3 text-center">
            <Stat label="Reviews due" value={String(d.dueReviews.count)} />
            <Stat label="Credit" value={formatMoney(d.balance.amountCents, d.balance.currency)} />
          </dl>
        </Card>
      </div>
    </>
  );
}

/** The clock a countdown shows, ticking every `ms`. */
function useNow(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** The soonest session to come across my active pods; read only when I have one, so home stays one call otherwise. */
function NextSessionCard({ d }: { d: Dashboard }) {
  const active = d.pods.filter((p) => p.status === "active").map((p) => p.id);
  const next = useResource(async () => {
    if (active.length === 0) return null;
    const lists = await Promise.all(
      active.map((id) => unwrap(api.GET("/v1/pods/{id}/sessions", { params: { path: { id } } }))),
    );
    const now = Date.now();
    return (
      lists
        .flatMap((l) => l.items)
        .filter((s) => s.status !== "cancelled" && s.status !== "completed" && Date.parse(s.endsAt) > now)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? null
    );
  }, [active.join(",")]);
  const now = useNow(30_000);
  const s = next.data;
  return (
    <Card aria-labelledby="next-heading">
      <h2 id="next-heading" className="mb-2 text-lg font-bold">
        Next session
      </h2>
      {next.loading && next.data === undefined && <Loading label="Loading your next session…" />}
      <ErrorNotice error={next.error} />
      {s ? (
        <div className="space-y-1">
          <p>
            <Link to={`/sessions/${s.id}`} className="font-semibold text-indigo-800 underline">
              {s.local.text}
            </Link>
          </p>
          <p className="text-xl font-bold text-indigo-900">
            {Date.parse(s.startsAt) <= now ? "Happening now" : `Starts ${countdown(s.startsAt, now)}`}
          </p>
          <p className="text-sm text-slate-600">your time ({s.local.timezone})</p>
        </div>
      ) : (
        next.data === null && (
          <p className="text-slate-700">Nothing scheduled yet. Sessions appear once your pod is active.</p>
        )
      )}
    </Card>
  );
}

/** The learning streak (tutor sessions and reviews, days in the learner's timezone): one read of my progress. */
function StreakCard() {
  const progress = useResource(() => unwrap(api.GET("/v1/me/progress")), []);
  const streak = progress.data?.streak;
  return (
    <Card aria-labelledby="streak-heading">
      <h2 id="streak-heading" className="mb-2 text-lg font-bold">
        Streak
      </h2>
      {progress.loading && !streak && <Loading label="Loading your streak…" />}
      <ErrorNotice error={progress.error} />
      {streak && (
        <div className="space-y-1">
          <p className="text-xl font-bold text-indigo-900">{streakText(streak.currentDays, streak.longestDays)}</p>
          {streak.longestDays === 0 && <p className="text-sm text-slate-700">No practice yet — start in Learn.</p>}
          <p>
            <Link to="/progress" className="font-semibold text-indigo-800 underline">
              See your progress
            </Link>
          </p>
        </div>
      )}
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg bg-slate-50 p-3">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="text-xl font-bold tabular-nums text-slate-950">{value}</dd>
    </div>
  );
}

const STATUS_STYLE: Record<string, string> = {
  forming: "bg-amber-100 text-amber-900",
  active: "bg-emerald-100 text-emerald-900",
  completed: "bg-slate-200 text-slate-800",
  disbanded: "bg-red-100 text-red-900",
};

export function PodStatus({ status }: { status: string }) {
  return (
    <span
      className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[status] ?? "bg-slate-100 text-slate-800"}`}
    >
      {status}
    </span>
  );
}
