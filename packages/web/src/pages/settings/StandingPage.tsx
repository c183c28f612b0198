// The learner's standing: a suspension in force (until when, in their timezone), every moderation decision about
// them with what was reported and the moderator's note, each appeal's state, and an appeal form where one is allowed.
import { type FormEvent, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { getPreferences } from "../../api/preferences";
import { Button, Card, EmptyState, ErrorNotice, Loading, Notice, PageTitle, TextArea } from "../../components/ui";
import { formatWhen } from "../../lib/format";
import { APPEAL_TEXT, counter, outcomeText, reasonLabel, suspensionEnd } from "../../lib/moderation";
import { useAction, useResource } from "../../lib/use-resource";

type Standing = Schemas["MyModeration"];
type Decision = Schemas["DecisionAboutMe"];
type Appeal = NonNullable<Schemas["Appeal"]>;

async function loadStanding() {
  const [standing, prefs] = await Promise.all([unwrap(api.GET("/v1/appeals")), getPreferences().catch(() => null)]);
  return { standing, timezone: prefs?.timezone };
}

export function StandingPage() {
  const data = useResource(loadStanding, []);
  const d = data.data;
  const onAppealed = (reportId: string, appeal: Appeal) =>
    data.set((current) => {
      const base = current ?? d;
      if (!base) throw new Error("Nothing loaded to update.");
      const standing: Standing = {
        ...base.standing,
        decisions: base.standing.decisions.map((x) =>
          x.reportId === reportId ? { ...x, appeal, canAppeal: false } : x,
        ),
      };
      return { ...base, standing };
    });
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="Decisions the moderators made about your account, and your appeals.">
        Your account standing
      </PageTitle>
      {data.loading && !d && <Loading label="Loading your standing…" />}
      <ErrorNotice error={data.error} title="Your standing could not be loaded" />
      {d && (
        <>
          <SuspensionCard suspension={d.standing.suspension} timezone={d.timezone} />
          <section aria-labelledby="decisions-heading" className="space-y-3">
            <h2 id="decisions-heading" className="text-lg font-bold">
              Decisions about you ({d.standing.decisions.length})
            </h2>
            {d.standing.decisions.length === 0 ? (
              <EmptyState title="No decisions about you">
                <p>No report about you was upheld. Nothing to do here.</p>
              </EmptyState>
            ) : (
              <ul className="space-y-4">
                {d.standing.decisions.map((x) => (
                  <li key={x.reportId}>
                    <DecisionCard decision={x} timezone={d.timezone} onAppealed={onAppealed} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function SuspensionCard({ suspension, timezone }: { suspension: Standing["suspension"]; timezone?: string }) {
  return (
    <Card aria-labelledby="suspension-heading" className="space-y-2">
      <h2 id="suspension-heading" className="text-lg font-bold">
        Your account
      </h2>
      {suspension ? (
        <>
          <p className="text-xl font-semibold text-amber-900">
            Suspended {suspensionEnd(suspension.until, timezone)}
            {suspension.until && timezone && <span className="text-sm font-normal"> (your time, {timezone})</span>}
          </p>
          <p className="text-slate-700">
            You can still read everything, appeal a decision below, export your data or delete your account. Anything
            else you change is refused until the suspension ends.
          </p>
        </>
      ) : (
        <p className="text-slate-800">Your account is in good standing: nothing is suspended.</p>
      )}
    </Card>
  );
}

const APPEAL_STATE: Record<Appeal["status"], string> = {
  open: "Your appeal is open: a moderator will look at it.",
  upheld: "Your appeal was turned down: the decision stays.",
  overturned: "Your appeal was accepted: the decision was undone.",
};

function DecisionCard({
  decision: x,
  timezone,
  onAppealed,
}: {
  decision: Decision;
  timezone?: string;
  onAppealed: (reportId: string, appeal: Appeal) => void;
}) {
  const headingId = `decision-${x.reportId}`;
  const [justSent, setJustSent] = useState(false);
  return (
    <Card aria-labelledby={headingId} className="space-y-3">
      <div>
        <h3 id={headingId} className="font-bold">
          {reasonLabel(x.reason)}
        </h3>
        <p className="text-sm text-slate-700">Decided {formatWhen(x.decision.decidedAt, timezone)}</p>
      </div>
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-700">What was reported</dt>
        <dd>
          {x.excerpt ? (
            <blockquote className="whitespace-pre-line border-l-4 border-slate-300 pl-3 text-slate-900">
              {x.excerpt}
            </blockquote>
          ) : (
            <span className="text-slate-600">Not kept</span>
          )}
        </dd>
        <dt className="font-medium text-slate-700">Decision</dt>
        <dd>{x.status === "overturned" ? "Undone on appeal." : outcomeText(x.decision, timezone)}</dd>
        <dt className="font-medium text-slate-700">Moderator's note</dt>
        <dd className="whitespace-pre-line">{x.decision.note}</dd>
        <dt className="font-medium text-slate-700">Appeal</dt>
        <dd>
          {x.appeal ? (
            <span>
              {APPEAL_STATE[x.appeal.status]} Sent {formatWhen(x.appeal.createdAt, timezone)}.
              {x.appeal.decision && (
                <span className="mt-1 block">
                  Moderator's answer: <span className="whitespace-pre-line">{x.appeal.decision.note}</span>
                </span>
              )}
            </span>
          ) : x.canAppeal ? (
            "Not appealed yet."
          ) : (
            "This decision cannot be appealed."
          )}
        </dd>
      </dl>
      {x.appeal && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-indigo-800">What you wrote in your appeal</summary>
          <p className="mt-1 whitespace-pre-line">{x.appeal.text}</p>
        </details>
      )}
      {justSent && <Notice tone="success">Appeal sent. A moderator will look at it.</Notice>}
      {x.canAppeal && !x.appeal && (
        <AppealForm
          reportId={x.reportId}
          onAppealed={(id, appeal) => {
            setJustSent(true);
            onAppealed(id, appeal);
          }}
        />
      )}
    </Card>
  );
}

function AppealForm({
  reportId,
  onAppealed,
}: {
  reportId: string;
  onAppealed: (reportId: string, appeal: Appeal) => void;
}) {
  const [text, setText] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const send = useAction(async () => {
    const appeal = await unwrap(api.POST("/v1/appeals", { body: { reportId, text: text.trim() } }));
    onAppealed(reportId, appeal);
  });
  const fields = send.error?.fieldErrors() ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim().length < APPEAL_TEXT.min) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    void send.run();
  };
  return (
    <form className="space-y-3" onSubmit={submit} noValidate>
      <TextArea
        label="Appeal this decision"
        hint={`Say why the decision is wrong. ${counter(text.length, APPEAL_TEXT.max, APPEAL_TEXT.min)}`}
        value={text}
        maxLength={APPEAL_TEXT.max}
        error={tooShort ? `Write at least ${APPEAL_TEXT.min} characters.` : fields.text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim().length >= APPEAL_TEXT.min) setTooShort(false);
        }}
        required
      />
      <ErrorNotice error={send.error} shownFields={["text"]} />
      <Button type="submit" pending={send.pending}>
        Send appeal
      </Button>
    </form>
  );
}
