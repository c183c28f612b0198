// Admin: who waits for each sprint, and forming pods from a sprint's waitlist now (the daily run does the same).
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { useMe } from "../../auth/session";
import { AdminLinks } from "../../components/AdminLinks";
import { Button, Card, EmptyState, ErrorNotice, Loading, Notice, PageTitle, SelectField } from "../../components/ui";
import { formatWhen, percent } from "../../lib/format";
import { useAction, useResource } from "../../lib/use-resource";

type Sprint = Schemas["AdminWaitlist"]["sprints"][number];
type Run = Schemas["FormationRun"];

const loadWaitlist = () => unwrap(api.GET("/v1/admin/matching/waitlist"));

/** "Ada, Bob and Cy". */
const namesOf = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

export function AdminMatchingPage() {
  const me = useMe();
  if (me.role !== "admin") {
    return (
      <>
        <PageTitle>Matching</PageTitle>
        <Notice tone="warning">This page is for administrators.</Notice>
      </>
    );
  }
  return <Matching />;
}

function Matching() {
  const waitlist = useResource(loadWaitlist, []);
  const sprints = waitlist.data?.sprints;
  // Until the admin picks one, the first sprint with learners waiting (else the first sprint).
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = sprints?.find((s) => s.sprintType === chosen) ?? sprints?.find((s) => s.waiting > 0) ?? sprints?.[0];
  const [result, setResult] = useState<{ run: Run; sprintName: string } | null>(null);
  const run = useAction(async (sprint: Sprint) => {
    setResult(null);
    setChosen(sprint.sprintType);
    const done = await unwrap(api.POST("/v1/admin/matching/run", { body: { sprintType: sprint.sprintType } }));
    setResult({ run: done, sprintName: sprint.name });
    await waitlist.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected) void run.run(selected);
  };

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="Who is waiting, and forming pods from a sprint's waitlist now. The daily run does the same automatically.">
        Matching
      </PageTitle>
      <AdminLinks current="/admin/matching" />
      <Card>
        {waitlist.loading && !sprints && <Loading label="Loading the waitlists…" />}
        <ErrorNotice error={waitlist.error} title="The waitlists could not be loaded" />
        {sprints && selected && (
          <form onSubmit={submit} className="space-y-4">
            <SelectField
              label="Sprint"
              hint={`${selected.waiting} learner${selected.waiting === 1 ? "" : "s"} waiting`}
              value={selected.sprintType}
              onChange={(e) => {
                setChosen(e.target.value);
                setResult(null);
              }}
            >
              {sprints.map((s) => (
                <option key={s.sprintType} value={s.sprintType}>
                  {s.name}
                </option>
              ))}
            </SelectField>
            <ErrorNotice error={run.error} />
            <Button type="submit" pending={run.pending}>
              Run matching now
            </Button>
          </form>
        )}
      </Card>
      {result && <RunResult run={result.run} sprintName={result.sprintName} />}
      {selected && <WaitingList sprint={selected} />}
    </div>
  );
}

function WaitingList({ sprint }: { sprint: Sprint }) {
  const byLanguage = sprint.byLanguage
    .filter((l) => l.waiting > 0)
    .map((l) => `${l.waiting} in ${l.language}`)
    .join(", ");
  return (
    <Card aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" className="mb-1 text-lg font-bold">
        Waiting for {sprint.name}
      </h2>
      {sprint.waiting === 0 ? (
        <EmptyState title="Nobody is waiting for this sprint." />
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-700">
            {sprint.waiting} learner{sprint.waiting === 1 ? "" : "s"} waiting ({byLanguage}).
            {sprint.preview.length < sprint.waiting ? ` The first ${sprint.preview.length} in line:` : ""}
          </p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Timezone
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Language
                  </th>
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Waiting since
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    Rematched
                  </th>
                </tr>
              </thead>
              <tbody>
                {sprint.preview.map((l) => (
                  <tr key={l.userId} className="border-t border-slate-200">
                    <td className="py-1 pr-3 font-medium">{l.displayName}</td>
                    <td className="py-1 pr-3">{l.timezone.replaceAll("_", " ")}</td>
                    <td className="py-1 pr-3">{l.language}</td>
                    <td className="py-1 pr-3 tabular-nums">{formatWhen(l.waitingSince)}</td>
                    <td className="py-1">{l.rematched ? "Yes, placed first" : "No"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function RunResult({ run, sprintName }: { run: Run; sprintName: string }) {
  return (
    <Card aria-labelledby="run-heading" aria-live="polite">
      <h2 id="run-heading" className="mb-3 text-lg font-bold">
        {run.podsFormed === 0
          ? `No pod formed for ${sprintName}`
          : `${run.podsFormed} pod${run.podsFormed === 1 ? "" : "s"} formed for ${sprintName}`}
      </h2>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {[
          ["On the waitlist", run.waitlisted],
          ["Matched", run.matched],
          ["Still waiting", run.stillWaiting],
          ["Mean score", percent(run.meanScore)],
          ...(run.invitedToOpenPods > 0 ? [["Invited to free places in pods", run.invitedToOpenPods]] : []),
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 p-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-lg font-bold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {run.pods.length > 0 && (
        <ul className="mt-3 space-y-1 text-sm">
          {run.pods.map((pod, i) => (
            <li key={pod.id}>
              <Link to={`/pods/${pod.id}`} className="font-medium text-indigo-800 underline">
                Pod {i + 1}
              </Link>{" "}
              ({pod.language}): {namesOf(pod.members.map((m) => m.displayName))}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
