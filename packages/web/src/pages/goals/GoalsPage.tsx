// My goals: each sprint goal with its schedule (its pod's slots once in a pod) and status; create a new one.
import { Link } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, unwrap } from "../../api/client";
import { buttonClass, Card, EmptyState, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { WEEKDAYS_SHORT } from "../../lib/availability";
import { formatDate, formatWhen } from "../../lib/format";
import { useResource } from "../../lib/use-resource";
import { type Goal, STATUS_LABELS } from "./GoalForm";

export function GoalsPage() {
  const goals = useResource(async () => {
    const [list, sprintTypes] = await Promise.all([
      unwrap(api.GET("/v1/goals", { params: { query: { limit: 50, include: "pod" } } })),
      loadSprintTypes(),
    ]);
    return { items: list.items, names: new Map(sprintTypes.map((s) => [s.id, s.name])) };
  }, []);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageTitle subtitle="What you are working towards, and when.">Goals</PageTitle>
        <Link to="/goals/new" className={buttonClass("primary")}>
          New goal
        </Link>
      </div>
      {goals.loading && !goals.data && <Loading label="Loading your goals…" />}
      <ErrorNotice error={goals.error} title="Your goals could not be loaded" />
      {goals.data && goals.data.items.length === 0 && (
        <EmptyState title="No goals yet">
          <p>A goal says what you want from a sprint and when you will work on it.</p>
          <Link to="/goals/new" className={buttonClass("primary")}>
            Set your first goal
          </Link>
        </EmptyState>
      )}
      {goals.data && goals.data.items.length > 0 && (
        <ul className="grid gap-4 md:grid-cols-2">
          {goals.data.items.map((g) => (
            <li key={g.id}>
              <GoalCard goal={g} sprintName={goals.data!.names.get(g.sprintType) ?? g.sprintType} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const slotText = (s: Goal["schedule"]["defaultSlots"][number]) =>
  `${WEEKDAYS_SHORT[s.weekday - 1]} ${s.time} (${s.durationMinutes} min)`;

function GoalCard({ goal, sprintName }: { goal: Goal; sprintName: string }) {
  return (
    <Card className="h-full space-y-2">
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-lg font-bold">
          <Link to={`/goals/${goal.id}`} className="text-indigo-800 underline">
            {goal.title}
          </Link>
        </h2>
        <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
          {STATUS_LABELS[goal.status]}
        </span>
      </div>
      <p className="text-sm text-slate-700">{sprintName}</p>
      {goal.pod ? (
        // In a pod, the pod's weekly slots are when sessions happen; the goal's own days were a preference.
        <p className="text-sm">
          <span className="font-medium">Your pod meets:</span> {goal.pod.meetingTimes.join(", ")}{" "}
          <span className="text-slate-600">({goal.schedule.timezone})</span>{" "}
          <Link to={`/pods/${goal.pod.podId}`} className="text-indigo-800 underline">
            See your pod
          </Link>
        </p>
      ) : (
        <p className="text-sm">
          <span className="font-medium">Schedule:</span> {goal.schedule.defaultSlots.map(slotText).join(", ")}{" "}
          <span className="text-slate-600">({goal.schedule.timezone})</span>
        </p>
      )}
      <p className="text-sm text-slate-700">
        {formatDate(goal.startDate)} – {formatDate(goal.endDate)}
      </p>
      {goal.pod?.endsAt && (
        <p className="text-sm text-slate-700">
          The pod's sprint runs until {formatWhen(goal.pod.endsAt, goal.schedule.timezone)}.
        </p>
      )}
    </Card>
  );
}
