// Privacy: consents, a download of everything Pactly holds about you, and deleting the account.
import { type FormEvent, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { useMe, useSession } from "../../auth/session";
import { Button, Card, Checkbox, ErrorNotice, Loading, Notice, PageTitle, TextField } from "../../components/ui";
import { useAction, useResource } from "../../lib/use-resource";

export function PrivacyPage() {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="Your data, your choices.">Privacy</PageTitle>
      <ConsentsCard />
      <ExportCard />
      <DeleteCard />
    </div>
  );
}

function ConsentsCard() {
  const consents = useResource(() => unwrap(api.GET("/v1/me/consents")), []);
  // What the boxes show: the choice at once, then the server's answer (or the old value back if saving failed).
  const [shown, setShown] = useState<Schemas["ConsentsInput"] | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(async (input: Schemas["ConsentsInput"]) => {
    try {
      const next = await unwrap(api.PUT("/v1/me/consents", { body: input }));
      consents.set(next);
      setSaved(true);
    } finally {
      setShown(null);
    }
  });
  const current = consents.data;
  const values = shown ?? (current && { learningData: current.learningData.granted, emails: current.emails.granted });
  const change = (key: keyof Schemas["ConsentsInput"], granted: boolean) => {
    if (!values) return;
    const next = { ...values, [key]: granted };
    setShown(next);
    setSaved(false);
    void save.run(next);
  };
  return (
    <Card aria-labelledby="consents-heading">
      <h2 id="consents-heading" className="mb-4 text-lg font-bold">
        Consents
      </h2>
      {consents.loading && !current && <Loading />}
      <ErrorNotice error={consents.error} />
      {values && (
        <div className="space-y-4" aria-busy={save.pending}>
          <Checkbox
            label="Keep my learning data"
            hint="Tutor sessions and attempts are kept to adapt your path and feed your coach. Without it they are not stored."
            checked={values.learningData}
            disabled={save.pending}
            onChange={(e) => change("learningData", e.target.checked)}
          />
          <Checkbox
            label="Emails beyond the essentials"
            hint="Tips, news and offers. Account and session emails are sent either way."
            checked={values.emails}
            disabled={save.pending}
            onChange={(e) => change("emails", e.target.checked)}
          />
          <ErrorNotice error={save.error} />
          {saved && <Notice tone="success">Your choices are saved.</Notice>}
        </div>
      )}
    </Card>
  );
}

type Job = Schemas["Job"];

/** Where a finished export can be downloaded, whatever the job's result calls it. */
export function downloadUrlOf(job: Job): string | undefined {
  const r = job.result ?? {};
  const url = r.downloadUrl ?? r.url;
  return typeof url === "string" ? url : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ExportCard() {
  const [job, setJob] = useState<Job | null>(null);
  const start = useAction(async () => {
    let current: Job = await unwrap(api.POST("/v1/me/export"));
    setJob(current);
    // The export is built by a worker; poll its job until it finishes (a few seconds locally).
    for (
      let wait = 500;
      current.status !== "succeeded" && current.status !== "failed";
      wait = Math.min(wait * 1.5, 5000)
    ) {
      await sleep(wait);
      current = await unwrap(api.GET("/v1/jobs/{id}", { params: { path: { id: current.id } } }));
      setJob(current);
    }
  });
  const url = job ? downloadUrlOf(job) : undefined;
  const running = start.pending && job?.status !== "succeeded";
  return (
    <Card aria-labelledby="export-heading">
      <h2 id="export-heading" className="mb-2 text-lg font-bold">
        Export your data
      </h2>
      <p className="mb-4 text-slate-700">
        One JSON file with your profile, preferences, goals, pods, sessions, check-ins and learning history.
      </p>
      <div className="space-y-3" aria-live="polite">
        {running && <Loading label="Preparing your export…" />}
        {job?.status === "failed" && (
          <Notice tone="warning">The export failed: {job.error?.message ?? "unknown error"}. Please try again.</Notice>
        )}
        {url && (
          <Notice tone="success">
            Your export is ready.{" "}
            <a href={url} download="pactly-export.json" className="font-semibold text-indigo-900 underline">
              Download your data
            </a>{" "}
            (the link works for a limited time).
          </Notice>
        )}
        <ErrorNotice error={start.error} />
        <Button variant="secondary" onClick={() => void start.run()} pending={running}>
          {url ? "Export again" : "Export my data"}
        </Button>
      </div>
    </Card>
  );
}

function DeleteCard() {
  const me = useMe();
  const { forget } = useSession();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const remove = useAction(async () => {
    await unwrap(api.DELETE("/v1/me"));
    // Signed out with a reason: the guard takes the browser to the sign-in page, which says what happened.
    forget("deleted");
  });
  const matches = confirm.trim().toLowerCase() === me.email.toLowerCase();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (matches) void remove.run();
  };
  return (
    <Card aria-labelledby="delete-heading" className="ring-red-200">
      <h2 id="delete-heading" className="mb-2 text-lg font-bold text-red-900">
        Delete your account
      </h2>
      <p className="mb-4 text-slate-700">
        Your profile, preferences, goals and learning data are deleted. What you shared with a pod (check-ins, notes)
        stays with the pod, without your name. This cannot be undone.
      </p>
      {!open ? (
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete my account…
        </Button>
      ) : (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <TextField
            label={`Type your email (${me.email}) to confirm`}
            autoComplete="off"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            autoFocus
          />
          <ErrorNotice error={remove.error} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" variant="danger" disabled={!matches} pending={remove.pending}>
              Delete my account for good
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Keep my account
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
