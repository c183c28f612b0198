// Admin: business metrics — active learners, session completion, check-ins, pod formation and payment success for
// today, this week and this month, then each UTC day of a range as a table with bars, and the coach's latency.
import { type FormEvent, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { useMe } from "../../auth/session";
import { AdminLinks } from "../../components/AdminLinks";
import { Button, Card, ErrorNotice, Loading, Notice, PageTitle, TextField } from "../../components/ui";
import { useResource } from "../../lib/use-resource";

type Metrics = Schemas["AdminMetrics"];
type Window = Schemas["MetricsWindow"];
type Range = { from?: string; to?: string };

/** A rate as a percentage ("83%"), or a dash when nothing was counted. */
const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);
const ratio = (part: number, whole: number) => `${part} of ${whole}`;

async function loadMetrics(range: Range): Promise<Metrics> {
  const query = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  return unwrap(api.GET("/v1/admin/metrics", { params: { query } }));
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-2xl font-semibold text-slate-950">{value}</dd>
      {detail && <dd className="text-xs text-slate-700">{detail}</dd>}
    </div>
  );
}

function WindowFigures({ title, w, activeLabel }: { title: string; w: Window; activeLabel: string }) {
  const headingId = `metrics-${title.replace(/\s+/g, "-").toLowerCase()}`;
  return (
    <Card aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold text-slate-950">
        {title}{" "}
        <span className="text-sm font-normal text-slate-700">
          {w.from === w.to ? w.from : `${w.from} to ${w.to}`} (UTC)
        </span>
      </h2>
      <dl className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Figure label={activeLabel} value={String(w.activeLearners)} />
        <Figure
          label="Session completion"
          value={percent(w.sessionCompletionRate)}
          detail={`${ratio(w.sessionsCompleted, w.sessionsCompleted + w.sessionsCancelled)} ended sessions`}
        />
        <Figure
          label="Check-in rate"
          value={percent(w.checkInRate)}
          detail={`${ratio(w.checkIns, w.checkInsExpected)} expected`}
        />
        <Figure
          label="Pod formation"
          value={percent(w.formationSuccessRate)}
          detail={`${ratio(w.learnersMatched, w.learnersWaitlisted)} waitlisted matched`}
        />
        <Figure
          label="Payment success"
          value={percent(w.paymentSuccessRate)}
          detail={`${ratio(w.depositsPaid, w.checkoutsStarted)} checkouts paid`}
        />
      </dl>
    </Card>
  );
}

/** A number with a bar as long as its share of the column's largest value (the bar is decoration only). */
function BarCell({ value, max, label }: { value: number; max: number; label?: string }) {
  const width = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <td className="px-2 py-1">
      <div className="flex items-center gap-2">
        <span className="w-16 shrink-0 text-right tabular-nums">{label ?? value}</span>
        <svg aria-hidden="true" className="h-3 w-24 shrink-0" viewBox="0 0 100 10" preserveAspectRatio="none">
          <rect x="0" y="0" width="100" height="10" className="fill-slate-100" />
          <rect x="0" y="0" width={width} height="10" className="fill-indigo-600" />
        </svg>
      </div>
    </td>
  );
}

function DaysTable({ days }: { days: Window[] }) {
  const max = (pick: (d: Window) => number) => Math.max(0, ...days.map(pick));
  const maxActive = max((d) => d.activeLearners);
  const maxEnded = max((d) => d.sessionsCompleted + d.sessionsCancelled);
  const maxCheckIns = max((d) => d.checkIns);
  const maxPaid = max((d) => d.depositsPaid);
  // Newest first: the day an admin looks for is usually today's.
  const rows = [...days].reverse();
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">
          Metrics per UTC day, newest first. Bars show each value against the largest in its column.
        </caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-700">
            <th scope="col" className="px-2 py-1 font-medium">
              Day
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Active learners
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Sessions completed / ended
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Check-ins / expected
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Matched / waitlisted
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Paid / checkouts
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.from} className="border-b border-slate-100">
              <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-normal tabular-nums">
                {d.from}
              </th>
              <BarCell value={d.activeLearners} max={maxActive} />
              <BarCell
                value={d.sessionsCompleted + d.sessionsCancelled}
                max={maxEnded}
                label={`${d.sessionsCompleted} / ${d.sessionsCompleted + d.sessionsCancelled}`}
              />
              <BarCell value={d.checkIns} max={maxCheckIns} label={`${d.checkIns} / ${d.checkInsExpected}`} />
              <td className="px-2 py-1 tabular-nums">
                {d.learnersMatched} / {d.learnersWaitlisted}
              </td>
              <BarCell value={d.depositsPaid} max={maxPaid} label={`${d.depositsPaid} / ${d.checkoutsStarted}`} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AdminMetricsPage() {
  const me = useMe();
  const [range, setRange] = useState<Range>({});
  const [draft, setDraft] = useState<Range>({});
  const metrics = useResource(() => loadMetrics(range), [range.from, range.to]);

  if (me.role !== "admin") {
    return (
      <>
        <PageTitle>Metrics</PageTitle>
        <Notice tone="warning">This page is for administrators.</Notice>
      </>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRange({ ...draft });
  };
  const m = metrics.data;
  const coach = m?.coachLatency;
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Active learners, sessions, check-ins, pod formation and payments, counted per UTC day.">
        Metrics
      </PageTitle>
      <AdminLinks current="/admin/metrics" />
      {metrics.loading && !m && <Loading label="Loading the metrics…" />}
      <ErrorNotice error={metrics.error} title="The metrics could not be loaded" />
      {m && (
        <>
          <WindowFigures title="Today" w={m.today} activeLabel="Daily active learners" />
          <WindowFigures title="This week" w={m.thisWeek} activeLabel="Weekly active learners" />
          <WindowFigures title="This month" w={m.thisMonth} activeLabel="Monthly active learners" />
          <Card aria-labelledby="metrics-coach" className="space-y-2">
            <h2 id="metrics-coach" className="text-lg font-semibold text-slate-950">
              Coach latency
            </h2>
            {coach && coach.p50Ms !== null && coach.p95Ms !== null ? (
              <dl className="grid gap-3 sm:grid-cols-3">
                <Figure label="p50" value={`${coach.p50Ms} ms`} />
                <Figure label="p95" value={`${coach.p95Ms} ms`} />
                <Figure label="Answers measured" value={String(coach.samples)} />
              </dl>
            ) : (
              <p className="text-sm text-slate-700">{coach?.reason ?? "No coach latencies in this range."}</p>
            )}
          </Card>
        </>
      )}
      <Card aria-labelledby="metrics-days" className="space-y-4">
        <h2 id="metrics-days" className="text-lg font-semibold text-slate-950">
          Each day {m && <span className="text-sm font-normal text-slate-700">{`${m.from} to ${m.to} (UTC)`}</span>}
        </h2>
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Range of days">
          <TextField
            label="From"
            type="date"
            value={draft.from ?? ""}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value || undefined }))}
          />
          <TextField
            label="To"
            type="date"
            value={draft.to ?? ""}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value || undefined }))}
          />
          <Button type="submit" pending={metrics.loading}>
            Show
          </Button>
        </form>
        <p className="text-xs text-slate-700">The last 30 days unless you pick a range (at most 400 days).</p>
        {m && <DaysTable days={m.days} />}
      </Card>
    </div>
  );
}
