// Progress: mastery by tag in each track, the learning streak as a calendar of the last 12 weeks (in the learner's
// timezone, from their preferences), attendance at pod sessions week by week, and how well reviews are remembered.
// Every chart has its numbers in words or a table next to it, and the page says plainly when there is nothing yet.
// The charts' library is imported here only, so it loads with this page and no other.
import { Link } from "react-router";
import { Bar, BarChart, Cell, LabelList, Pie, PieChart, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { buttonClass, Card, EmptyState, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { percent } from "../../lib/format";
import { useResource } from "../../lib/use-resource";
import {
  attendanceByWeek,
  calendarWeeks,
  formatDay,
  LEVEL_LABELS,
  type SessionAttendance,
  streakText,
  todayIn,
} from "./progress";

type Progress = Schemas["Progress"];
type Vector = NonNullable<Schemas["MasteryVector"]>;
type Level = NonNullable<Schemas["MasteryVector"]>["tags"][number]["level"];

const LEVEL_COLORS: Record<Level, string> = {
  attempted: "#94a3b8",
  familiar: "#d97706",
  proficient: "#0284c7",
  mastered: "#059669",
};

/** The past sessions of my pods (the last 12), each with my attendance as its page records it. */
async function loadAttendance(): Promise<SessionAttendance[]> {
  const pods = await unwrap(api.GET("/v1/pods"));
  const mine = pods.items.filter(
    (p) =>
      (p.status === "active" || p.status === "completed") && !["invited", "declined", "expired"].includes(p.myStatus),
  );
  const lists = await Promise.all(
    mine.map((p) => unwrap(api.GET("/v1/pods/{id}/sessions", { params: { path: { id: p.id } } }))),
  );
  const now = Date.now();
  const past = lists
    .flatMap((l) => l.items)
    .filter((s) => s.status !== "cancelled" && Date.parse(s.startsAt) <= now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .slice(-12);
  const details = await Promise.all(
    past.map((s) => unwrap(api.GET("/v1/sessions/{id}", { params: { path: { id: s.id } } }))),
  );
  return details.map((d) => {
    const me = d.participants.find((p) => p.isYou);
    return { id: d.id, startsAt: d.startsAt, attendance: me?.attendance ?? null, checkedIn: me?.checkedIn ?? false };
  });
}

export function ProgressPage() {
  const progress = useResource(() => unwrap(api.GET("/v1/me/progress")), []);
  const tracks = useResource(
    () =>
      loadSprintTypes()
        .then((types) => new Map(types.map((t) => [t.contentTrack, t.name])))
        .catch(() => new Map<string, string>()),
    [],
  );
  const p = progress.data;
  return (
    <div className="space-y-6">
      <PageTitle subtitle="What you have learned, how steadily, and how well it stays.">Progress</PageTitle>
      {progress.loading && !p && <Loading label="Loading your progress…" />}
      <ErrorNotice error={progress.error} title="Your progress could not be loaded" />
      {p && <ProgressView p={p} trackName={(t) => tracks.data?.get(t) ?? t} />}
    </div>
  );
}

function ProgressView({ p, trackName }: { p: Progress; trackName: (track: string) => string }) {
  const practised = p.mastery.some((m) => m && m.tags.length > 0);
  const isNew =
    !practised && p.streak.activeDays.length === 0 && p.reviews.reviews === 0 && p.attendance.sessions === 0;
  return (
    <>
      {isNew && (
        <EmptyState title="No practice yet — start in Learn">
          <p>Your mastery, streak and reviews appear here after your first practice.</p>
          <Link to="/learn" className={buttonClass("primary")}>
            Start in Learn
          </Link>
        </EmptyState>
      )}
      <StreakCard p={p} />
      <MasteryCard p={p} practised={practised} trackName={trackName} />
      <div className="grid gap-6 md:grid-cols-2">
        <AttendanceCard p={p} />
        <RetentionCard p={p} />
      </div>
    </>
  );
}

function StreakCard({ p }: { p: Progress }) {
  const today = todayIn(p.timezone);
  const weeks = calendarWeeks(today, 12);
  const active = new Set(p.streak.activeDays);
  const shown = weeks.flat().filter((d) => d && d <= today) as string[];
  const learned = shown.filter((d) => active.has(d)).length;
  const weekdays = weeks[weeks.length - 1]!.map((_, i) =>
    new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, 0, 1 + i)),
    ),
  );
  return (
    <Card aria-labelledby="streak-heading">
      <h2 id="streak-heading" className="text-lg font-bold">
        Streak
      </h2>
      <p className="mt-1 text-2xl font-bold text-indigo-900" data-testid="streak-summary">
        {streakText(p.streak.currentDays, p.streak.longestDays)}
      </p>
      <p className="mt-1 text-sm text-slate-700">
        {learned === 0
          ? "No days learned yet in the last 12 weeks."
          : `Learned on ${learned} of the last ${shown.length} days.`}{" "}
        Today ({formatDay(today)}) {active.has(today) ? "you learned." : "you have not learned yet."} Days are in your
        timezone, {p.timezone}.
      </p>
      <div className="mt-4 overflow-x-auto">
        <table className="border-separate border-spacing-1 text-xs" aria-label="Days learned, last 12 weeks">
          <thead>
            <tr>
              <th scope="col" className="sr-only">
                Weekday
              </th>
              {weeks.map((w) => (
                <th key={w[0]} scope="col" className="sr-only">
                  Week of {formatDay(w[0]!)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekdays.map((name, row) => (
              <tr key={name}>
                <th scope="row" className="pr-1 text-left font-medium text-slate-600">
                  {name}
                </th>
                {weeks.map((w) => {
                  const day = w[row]!;
                  const future = day > today;
                  const isToday = day === today;
                  const on = active.has(day);
                  return (
                    <td
                      key={day}
                      data-day={day}
                      data-learned={on ? "true" : "false"}
                      aria-current={isToday ? "date" : undefined}
                      className={[
                        "size-5 rounded sm:size-6",
                        future ? "bg-transparent" : on ? "bg-emerald-600" : "bg-slate-200",
                        isToday ? "ring-2 ring-indigo-700 ring-offset-1" : "",
                      ].join(" ")}
                    >
                      <span className="sr-only">
                        {future
                          ? ""
                          : `${isToday ? "Today, " : ""}${formatDay(day)}: ${on ? "learned" : "not learned"}`}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-3 text-xs text-slate-700" aria-hidden="true">
        <span className="inline-flex items-center gap-1">
          <span className="inline-block size-3 rounded bg-emerald-600" /> learned
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="inline-block size-3 rounded bg-slate-200" /> not learned
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="inline-block size-3 rounded ring-2 ring-indigo-700" /> today
        </span>
      </p>
    </Card>
  );
}

function MasteryCard({
  p,
  practised,
  trackName,
}: {
  p: Progress;
  practised: boolean;
  trackName: (track: string) => string;
}) {
  return (
    <Card aria-labelledby="mastery-heading">
      <h2 id="mastery-heading" className="text-lg font-bold">
        Mastery by tag
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Levels: attempted (under 40%), familiar (40%), proficient (60%), mastered (80% and over).
      </p>
      {!practised ? (
        <p className="mt-3 text-slate-700">No tags practised yet: take the diagnostic or practise in Learn.</p>
      ) : (
        p.mastery
          .filter((m): m is Vector => m !== null && m.tags.length > 0)
          .map((m) => {
            const tags = [...m.tags].sort((a, b) => b.mastery - a.mastery || a.tag.localeCompare(b.tag));
            const data = tags.map((t) => ({ ...t, label: LEVEL_LABELS[t.level] }));
            return (
              <section key={m.track} aria-labelledby={`track-${m.track}`} className="mt-4">
                <h3 id={`track-${m.track}`} className="font-semibold text-slate-900">
                  {trackName(m.track)}
                </h3>
                <div aria-hidden="true" style={{ height: 36 * data.length + 40 }} className="mt-2">
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart
                      data={data}
                      layout="vertical"
                      margin={{ top: 4, right: 88, bottom: 4, left: 4 }}
                      accessibilityLayer={false}
                    >
                      <XAxis
                        type="number"
                        domain={[0, 1]}
                        ticks={[0, 0.4, 0.6, 0.8, 1]}
                        tickFormatter={(v: number) => percent(v)}
                        tick={{ fill: "#334155", fontSize: 12 }}
                      />
                      <YAxis
                        type="category"
                        dataKey="tag"
                        width={110}
                        tick={{ fill: "#334155", fontSize: 12 }}
                        interval={0}
                      />
                      <Bar dataKey="mastery" isAnimationActive={false} radius={[0, 4, 4, 0]}>
                        {data.map((t) => (
                          <Cell key={t.tag} fill={LEVEL_COLORS[t.level]} />
                        ))}
                        <LabelList dataKey="label" position="right" fill="#0f172a" fontSize={12} />
                      </Bar>
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <table className="mt-2 w-full text-left text-sm">
                  <caption className="sr-only">Mastery by tag in {trackName(m.track)}</caption>
                  <thead className="text-slate-600">
                    <tr>
                      <th scope="col" className="py-1 font-medium">
                        Tag
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        Level
                      </th>
                      <th scope="col" className="py-1 text-right font-medium">
                        Mastery
                      </th>
                      <th scope="col" className="py-1 text-right font-medium">
                        Correct
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {tags.map((t) => (
                      <tr key={t.tag}>
                        <th scope="row" className="py-1 font-normal">
                          {t.tag}
                        </th>
                        <td className="py-1">{LEVEL_LABELS[t.level]}</td>
                        <td className="py-1 text-right tabular-nums">{percent(t.mastery)}</td>
                        <td className="py-1 text-right tabular-nums">
                          {t.correct} of {t.attempts}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            );
          })
      )}
    </Card>
  );
}

function AttendanceCard({ p }: { p: Progress }) {
  const a = p.attendance;
  const history = useResource(() => (a.sessions > 0 ? loadAttendance() : Promise.resolve([])), [a.sessions]);
  const weeks = attendanceByWeek(history.data ?? [], p.timezone);
  return (
    <Card aria-labelledby="attendance-heading">
      <h2 id="attendance-heading" className="text-lg font-bold">
        Attendance
      </h2>
      {a.sessions === 0 ? (
        <p className="mt-3 text-slate-700">
          No pod sessions yet. Once your pod meets, each week shows here.{" "}
          <Link to="/matches" className="font-semibold text-indigo-800 underline">
            Find a pod
          </Link>
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            You attended {a.attended} of {a.sessions} {a.sessions === 1 ? "session" : "sessions"}
            {a.attendanceRate !== null && ` (${percent(a.attendanceRate)})`} and checked in at {a.checkedIn}
            {a.checkInRate !== null && ` (${percent(a.checkInRate)})`}.
          </p>
          {history.loading && !history.data && <Loading label="Loading your sessions…" />}
          <ErrorNotice error={history.error} title="Your sessions could not be loaded" />
          {weeks.length > 0 && (
            <>
              <div aria-hidden="true" className="mt-3 h-48">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={weeks} margin={{ top: 4, right: 4, bottom: 4, left: -24 }} accessibilityLayer={false}>
                    <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 11 }} />
                    <YAxis allowDecimals={false} tick={{ fill: "#334155", fontSize: 11 }} />
                    <Bar dataKey="onTime" stackId="a" fill="#059669" isAnimationActive={false} />
                    <Bar dataKey="late" stackId="a" fill="#d97706" isAnimationActive={false} />
                    <Bar dataKey="absent" stackId="a" fill="#dc2626" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <table className="mt-2 w-full text-left text-sm">
                <caption className="sr-only">Sessions by week</caption>
                <thead className="text-slate-600">
                  <tr>
                    <th scope="col" className="py-1 font-medium">
                      Week of
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      <span className="mr-1 inline-block size-2.5 rounded-sm bg-emerald-600" aria-hidden="true" />
                      On time
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      <span className="mr-1 inline-block size-2.5 rounded-sm bg-amber-600" aria-hidden="true" />
                      Late
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      <span className="mr-1 inline-block size-2.5 rounded-sm bg-red-600" aria-hidden="true" />
                      Absent
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 tabular-nums">
                  {weeks.map((w) => (
                    <tr key={w.week}>
                      <th scope="row" className="py-1 font-normal">
                        {w.label}
                      </th>
                      <td className="py-1 text-right">{w.onTime}</td>
                      <td className="py-1 text-right">{w.late}</td>
                      <td className="py-1 text-right">{w.absent}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </Card>
  );
}

function RetentionCard({ p }: { p: Progress }) {
  const r = p.reviews;
  const forgot = r.reviews - r.remembered;
  const slices = [
    { name: "remembered", value: r.remembered, fill: "#059669" },
    { name: "forgot", value: forgot, fill: "#cbd5e1" },
  ];
  return (
    <Card aria-labelledby="retention-heading">
      <h2 id="retention-heading" className="text-lg font-bold">
        Review retention
      </h2>
      {r.retention === null ? (
        <p className="mt-3 text-slate-700">
          No reviews in the last 30 days. Practice in Learn makes cards to review a day later.{" "}
          <Link to="/reviews" className="font-semibold text-indigo-800 underline">
            Open Reviews
          </Link>
        </p>
      ) : (
        <div className="mt-2 flex items-center gap-4">
          <div aria-hidden="true" className="relative size-32 shrink-0">
            <ResponsiveContainer width="100%" height="100%">
              <PieChart accessibilityLayer={false}>
                <Pie
                  data={slices}
                  dataKey="value"
                  nameKey="name"
                  innerRadius="62%"
                  outerRadius="100%"
                  startAngle={90}
                  endAngle={-270}
                  stroke="none"
                  rootTabIndex={-1}
                  isAnimationActive={false}
                >
                  {slices.map((s) => (
                    <Cell key={s.name} fill={s.fill} />
                  ))}
                </Pie>
              </PieChart>
            </ResponsiveContainer>
            <span className="absolute inset-0 flex items-center justify-center text-xl font-bold text-slate-950">
              {percent(r.retention)}
            </span>
          </div>
          <p className="text-sm text-slate-700">
            In the last 30 days you remembered {r.remembered} of {r.reviews} {r.reviews === 1 ? "review" : "reviews"} (
            {percent(r.retention)}); {forgot} {forgot === 1 ? "was" : "were"} graded “Again”.
          </p>
        </div>
      )}
    </Card>
  );
}
