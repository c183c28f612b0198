// Admin: form pods from a sprint's waitlist now (the daily job does the same on its own).
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { useMe } from "../../auth/session";
import { Button, Card, ErrorNotice, Loading, Notice, PageTitle, SelectField } from "../../components/ui";
import { percent } from "../../lib/format";
import { useAction, useResource } from "../../lib/use-resource";

export function AdminMatchingPage() {
  const me = useMe();
  const sprintTypes = useResource(loadSprintTypes, []);
  const [sprintType, setSprintType] = useState("");
  const [result, setResult] = useState<Schemas["FormationRun"] | null>(null);
  const run = useAction(async () => {
    setResult(null);
    setResult(
      await unwrap(
        api.POST("/v1/admin/matching/run", { body: { sprintType: sprintType || sprintTypes.data![0]!.id } }),
      ),
    );
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run.run();
  };

  if (me.role !== "admin") {
    return (
      <>
        <PageTitle>Matching</PageTitle>
        <Notice tone="warning">This page is for administrators.</Notice>
      </>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageTitle subtitle="Form pods from a sprint's waitlist now. The daily run does the same automatically.">
        Matching
      </PageTitle>
      <p className="text-sm">
        <Link to="/admin/content" className="text-indigo-800 underline">
          Content: questions, lessons and packs
        </Link>
      </p>
      <Card>
        {sprintTypes.loading && !sprintTypes.data && <Loading />}
        <ErrorNotice error={sprintTypes.error} />
        {sprintTypes.data && (
          <form onSubmit={submit} className="space-y-4">
            <SelectField
              label="Sprint"
              value={sprintType || sprintTypes.data[0]?.id}
              onChange={(e) => setSprintType(e.target.value)}
            >
              {sprintTypes.data.map((s) => (
                <option key={s.id} value={s.id}>
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
      {result && (
        <Card aria-labelledby="run-heading" aria-live="polite">
          <h2 id="run-heading" className="mb-3 text-lg font-bold">
            {result.podsFormed === 0
              ? "No pod formed"
              : `${result.podsFormed} pod${result.podsFormed === 1 ? "" : "s"} formed`}
          </h2>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            {[
              ["On the waitlist", result.waitlisted],
              ["Matched", result.matched],
              ["Still waiting", result.stillWaiting],
              ["Mean score", percent(result.meanScore)],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg bg-slate-50 p-2">
                <dt className="text-slate-600">{label}</dt>
                <dd className="text-lg font-bold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {result.podIds.length > 0 && (
            <ul className="mt-3 list-disc pl-5 text-sm">
              {result.podIds.map((id) => (
                <li key={id}>
                  <Link to={`/pods/${id}`} className="text-indigo-800 underline">
                    Pod {id}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
