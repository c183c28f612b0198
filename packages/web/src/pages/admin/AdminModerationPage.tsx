// Admin: moderation — the reports queue (by status and source) with a decision form on each open report, the open
// appeals with the decision they appeal, and the append-only audit trail, all or about one learner.
import { type DependencyList, type FormEvent, type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { api, type Schemas, unwrap } from "../../api/client";
import { type ApiError, asApiError } from "../../api/errors";
import { useMe } from "../../auth/session";
import { AdminLinks } from "../../components/AdminLinks";
import {
  Button,
  Card,
  EmptyState,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  SelectField,
  TextArea,
  TextField,
} from "../../components/ui";
import { formatWhen } from "../../lib/format";
import {
  APPEAL_STATUSES,
  type AppealStatus,
  auditActionLabel,
  auditDetails,
  counter,
  DECISION_OUTCOMES,
  type DecisionOutcome,
  NOTE_MAX,
  outcomeText,
  REPORT_STATUSES,
  type ReportStatus,
  reasonLabel,
  TARGET_KINDS,
} from "../../lib/moderation";
import { useAction, useResource } from "../../lib/use-resource";

type Report = Schemas["Report"];
type Appeal = NonNullable<Schemas["Appeal"]>;
type AuditEntry = Schemas["AuditEntry"];
type Page<T> = { items: T[]; nextCursor: string | null };
type Source = "all" | "learner" | "filter";

const PAGE_SIZE = 20;

/** A list read page by page: the first page when the inputs change, the next ones on "Load more". */
function usePaged<T>(load: (cursor?: string) => Promise<Page<T>>, deps: DependencyList) {
  const [state, setState] = useState<{ items: T[]; next: string | null; loaded: boolean }>({
    items: [],
    next: null,
    loaded: false,
  });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>();
  const latest = useRef(0);
  const fetchPage = useCallback(async (cursor?: string) => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await load(cursor);
      if (ticket !== latest.current) return;
      setState((s) => ({
        items: cursor ? [...s.items, ...page.items] : page.items,
        next: page.nextCursor,
        loaded: true,
      }));
    } catch (e) {
      if (ticket === latest.current) setError(asApiError(e));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);
  return {
    ...state,
    loading,
    error,
    reload: () => fetchPage(),
    loadMore: () => (state.next ? fetchPage(state.next) : Promise.resolve()),
    remove: (keep: (item: T) => boolean) => setState((s) => ({ ...s, items: s.items.filter(keep) })),
  };
}

function LoadMore({
  next,
  loading,
  onClick,
  what,
}: {
  next: string | null;
  loading: boolean;
  onClick: () => void;
  what: string;
}) {
  if (!next) return null;
  return (
    <Button variant="secondary" pending={loading} onClick={onClick}>
      Load more <span className="sr-only">{what}</span>
    </Button>
  );
}

export function AdminModerationPage() {
  const me = useMe();
  const [auditLearner, setAuditLearner] = useState("");
  const [auditKey, setAuditKey] = useState(0);
  const auditHeading = useRef<HTMLHeadingElement>(null);
  if (me.role !== "admin") {
    return (
      <>
        <PageTitle>Moderation</PageTitle>
        <Notice tone="warning">This page is for administrators.</Notice>
      </>
    );
  }
  const showAudit = (userId: string) => {
    setAuditLearner(userId);
    requestAnimationFrame(() => {
      auditHeading.current?.scrollIntoView({ block: "start" });
      auditHeading.current?.focus({ preventScroll: true });
    });
  };
  const changed = () => setAuditKey((k) => k + 1);
  return (
    <div className="space-y-6">
      <PageTitle subtitle="Reports from learners and the content filter, appeals, and the record of every decision.">
        Moderation
      </PageTitle>
      <AdminLinks current="/admin/moderation" />
      <nav aria-label="Sections of this page">
        <ul className="flex flex-wrap gap-2 text-sm">
          <li>
            <a href="#reports-heading" className="rounded-lg px-3 py-2 font-medium text-indigo-800 underline">
              Reports
            </a>
          </li>
          <li>
            <a href="#appeals-heading" className="rounded-lg px-3 py-2 font-medium text-indigo-800 underline">
              Appeals
            </a>
          </li>
          <li>
            <a href="#audit-heading" className="rounded-lg px-3 py-2 font-medium text-indigo-800 underline">
              Audit trail
            </a>
          </li>
        </ul>
      </nav>
      <ReportsSection onShowAudit={showAudit} onChanged={changed} />
      <AppealsSection onShowAudit={showAudit} onChanged={changed} />
      <AuditSection key={auditKey} headingRef={auditHeading} learner={auditLearner} onLearner={setAuditLearner} />
    </div>
  );
}

function ReportsSection({ onShowAudit, onChanged }: { onShowAudit: (userId: string) => void; onChanged: () => void }) {
  const [status, setStatus] = useState<ReportStatus>("open");
  const [source, setSource] = useState<Source>("all");
  const [decided, setDecided] = useState<string | null>(null);
  const reports = usePaged(
    (cursor?: string) =>
      unwrap(
        api.GET("/v1/admin/reports", {
          params: {
            query: { status, limit: PAGE_SIZE, ...(source === "all" ? {} : { source }), ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    [status, source],
  );
  return (
    <Card aria-labelledby="reports-heading" className="space-y-4">
      <h2 id="reports-heading" tabIndex={-1} className="scroll-mt-20 text-lg font-bold">
        Reports
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setDecided(null);
            setStatus(e.target.value as ReportStatus);
          }}
        >
          {REPORT_STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Reported by" value={source} onChange={(e) => setSource(e.target.value as Source)}>
          <option value="all">Learners and the content filter</option>
          <option value="learner">Learners</option>
          <option value="filter">The content filter</option>
        </SelectField>
      </div>
      {decided && <Notice tone="success">{decided}</Notice>}
      {reports.loading && !reports.loaded && <Loading label="Loading reports…" />}
      <ErrorNotice error={reports.error} title="The reports could not be loaded" />
      {reports.loaded && reports.items.length === 0 && (
        <EmptyState title={status === "open" ? "No open reports" : "No reports here"}>
          <p>{status === "open" ? "Nothing is waiting for a decision." : "No report has this status."}</p>
        </EmptyState>
      )}
      <ul className="space-y-3">
        {reports.items.map((r) => (
          <li key={r.id}>
            <ReportCard
              report={r}
              onShowAudit={onShowAudit}
              onDecided={(done) => {
                reports.remove((x) => x.id !== done.id);
                setDecided(
                  `Decided: ${done.subjectName ?? "the report"} — ${outcomeText(done.decision ?? { outcome: "dismiss", until: null })}`,
                );
                onChanged();
              }}
            />
          </li>
        ))}
      </ul>
      <LoadMore next={reports.next} loading={reports.loading} onClick={() => void reports.loadMore()} what="reports" />
    </Card>
  );
}

function ReportFacts({ report: r }: { report: Report }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="font-medium text-slate-700">Reported learner</dt>
      <dd>{r.subjectName ?? (r.subjectUserId ? "Unknown" : "None: not written by a learner")}</dd>
      <dt className="font-medium text-slate-700">What</dt>
      <dd>{TARGET_KINDS[r.target.kind] ?? r.target.kind}</dd>
      <dt className="font-medium text-slate-700">Reported by</dt>
      <dd>{r.source === "filter" ? "The content filter" : "A pod-mate"}</dd>
      <dt className="font-medium text-slate-700">When</dt>
      <dd>{formatWhen(r.createdAt)}</dd>
      <dt className="font-medium text-slate-700">What was said</dt>
      <dd>
        {r.excerpt ? (
          <blockquote className="whitespace-pre-line border-l-4 border-slate-300 pl-3 text-slate-900">
            {r.excerpt}
          </blockquote>
        ) : (
          <span className="text-slate-600">Nothing kept</span>
        )}
      </dd>
      {r.details && (
        <>
          <dt className="font-medium text-slate-700">Reporter's details</dt>
          <dd className="whitespace-pre-line">{r.details}</dd>
        </>
      )}
      {r.terms.length > 0 && (
        <>
          <dt className="font-medium text-slate-700">Matched terms</dt>
          <dd>{r.terms.join(", ")}</dd>
        </>
      )}
      {r.decision && (
        <>
          <dt className="font-medium text-slate-700">Decision</dt>
          <dd>
            {outcomeText(r.decision)} Decided {formatWhen(r.decision.decidedAt)}.{" "}
            <span className="whitespace-pre-line">Note: {r.decision.note}</span>
          </dd>
        </>
      )}
      {r.appeal && (
        <>
          <dt className="font-medium text-slate-700">Appeal</dt>
          <dd>
            {r.appeal.status === "open" ? "Open" : r.appeal.status === "upheld" ? "Upheld" : "Overturned"} (
            {formatWhen(r.appeal.at)})
          </dd>
        </>
      )}
    </dl>
  );
}

function ReportCard({
  report: r,
  onShowAudit,
  onDecided,
}: {
  report: Report;
  onShowAudit: (userId: string) => void;
  onDecided: (r: Report) => void;
}) {
  const headingId = `report-${r.id}`;
  return (
    <article aria-labelledby={headingId} className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200">
      <h3 id={headingId} className="font-semibold">
        {reasonLabel(r.reason)}: {TARGET_KINDS[r.target.kind] ?? r.target.kind}
        {r.subjectName && ` of ${r.subjectName}`}
      </h3>
      <ReportFacts report={r} />
      {r.subjectUserId && (
        <Button variant="ghost" className="min-h-9 px-2 py-1" onClick={() => onShowAudit(r.subjectUserId as string)}>
          Audit trail for this learner
        </Button>
      )}
      {r.status === "open" && <DecisionForm report={r} onDecided={onDecided} />}
    </article>
  );
}

function DecisionForm({ report, onDecided }: { report: Report; onDecided: (r: Report) => void }) {
  const [outcome, setOutcome] = useState<DecisionOutcome>("dismiss");
  const [note, setNote] = useState("");
  const [days, setDays] = useState("7");
  const [problem, setProblem] = useState<{ note?: string; days?: string }>({});
  const decide = useAction(async () => {
    const decided = await unwrap(
      api.POST("/v1/admin/reports/{id}/decision", {
        params: { path: { id: report.id } },
        body: { outcome, note: note.trim(), ...(outcome === "suspend" ? { days: Number(days) } : {}) },
      }),
    );
    onDecided(decided);
  });
  const fields = decide.error?.fieldErrors() ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    const found = {
      ...(note.trim() ? {} : { note: "Write a note: the learner reads it with the decision." }),
      ...(outcome === "suspend" && !(Number.isInteger(n) && n >= 1 && n <= 365)
        ? { days: "Suspend for 1 to 365 days." }
        : {}),
    };
    setProblem(found);
    if (Object.keys(found).length === 0) void decide.run();
  };
  return (
    <form
      className="space-y-3 border-t border-slate-200 pt-3"
      onSubmit={submit}
      noValidate
      aria-label={`Decide this report about ${report.subjectName ?? "the learner"}`}
    >
      <h4 className="font-semibold">Decide</h4>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as DecisionOutcome)}
          error={fields.outcome}
        >
          {DECISION_OUTCOMES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        {outcome === "suspend" && (
          <TextField
            label="Days suspended"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={days}
            error={problem.days ?? fields.days}
            onChange={(e) => setDays(e.target.value)}
            required
          />
        )}
      </div>
      <TextArea
        label="Note (the learner reads it)"
        value={note}
        maxLength={NOTE_MAX}
        hint={counter(note.length, NOTE_MAX)}
        error={problem.note ?? fields.note}
        onChange={(e) => setNote(e.target.value)}
        required
      />
      <ErrorNotice error={decide.error} shownFields={["outcome", "note", "days"]} />
      <Button type="submit" pending={decide.pending} variant={outcome === "dismiss" ? "secondary" : "primary"}>
        Save the decision
      </Button>
    </form>
  );
}

function AppealsSection({ onShowAudit, onChanged }: { onShowAudit: (userId: string) => void; onChanged: () => void }) {
  const [status, setStatus] = useState<AppealStatus>("open");
  const [decided, setDecided] = useState<string | null>(null);
  const appeals = usePaged(
    (cursor?: string) =>
      unwrap(
        api.GET("/v1/admin/appeals", {
          params: { query: { status, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ) as Promise<Page<Appeal>>,
    [status],
  );
  return (
    <Card aria-labelledby="appeals-heading" className="space-y-4">
      <h2 id="appeals-heading" tabIndex={-1} className="scroll-mt-20 text-lg font-bold">
        Appeals
      </h2>
      <div className="sm:max-w-xs">
        <SelectField
          label="Appeal status"
          value={status}
          onChange={(e) => {
            setDecided(null);
            setStatus(e.target.value as AppealStatus);
          }}
        >
          {APPEAL_STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      {decided && <Notice tone="success">{decided}</Notice>}
      {appeals.loading && !appeals.loaded && <Loading label="Loading appeals…" />}
      <ErrorNotice error={appeals.error} title="The appeals could not be loaded" />
      {appeals.loaded && appeals.items.length === 0 && (
        <EmptyState title={status === "open" ? "No open appeals" : "No appeals here"} />
      )}
      <ul className="space-y-3">
        {appeals.items.map((a) => (
          <li key={a.id}>
            <AppealCard
              appeal={a}
              onShowAudit={onShowAudit}
              onDecided={(done) => {
                appeals.remove((x) => x.id !== done.id);
                setDecided(
                  done.status === "overturned"
                    ? "Appeal accepted: the decision is undone."
                    : "Appeal turned down: the decision stays.",
                );
                onChanged();
              }}
            />
          </li>
        ))}
      </ul>
      <LoadMore next={appeals.next} loading={appeals.loading} onClick={() => void appeals.loadMore()} what="appeals" />
    </Card>
  );
}

function AppealCard({
  appeal: a,
  onShowAudit,
  onDecided,
}: {
  appeal: Appeal;
  onShowAudit: (userId: string) => void;
  onDecided: (a: Appeal) => void;
}) {
  const report = useResource(
    () => unwrap(api.GET("/v1/admin/reports/{id}", { params: { path: { id: a.reportId } } })),
    [a.reportId],
  );
  const [note, setNote] = useState("");
  const [noteProblem, setNoteProblem] = useState<string | undefined>();
  const decide = useAction(async (outcome: "upheld" | "overturned") => {
    const done = await unwrap(
      api.POST("/v1/admin/appeals/{id}/decision", {
        params: { path: { id: a.reportId } },
        body: { outcome, note: note.trim() },
      }),
    );
    onDecided(done as Appeal);
  });
  const run = (outcome: "upheld" | "overturned") => {
    if (!note.trim()) {
      setNoteProblem("Write a note: the learner reads it with your answer.");
      return;
    }
    setNoteProblem(undefined);
    void decide.run(outcome);
  };
  const r = report.data;
  const headingId = `appeal-${a.id}`;
  const fields = decide.error?.fieldErrors() ?? {};
  return (
    <article aria-labelledby={headingId} className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200">
      <h3 id={headingId} className="font-semibold">
        Appeal by {r?.subjectName ?? "the learner"}, sent {formatWhen(a.createdAt)}
      </h3>
      <div>
        <h4 className="text-sm font-medium text-slate-700">What they wrote</h4>
        <blockquote className="whitespace-pre-line border-l-4 border-indigo-300 pl-3">{a.text}</blockquote>
      </div>
      <div className="space-y-2">
        <h4 className="text-sm font-medium text-slate-700">The decision appealed</h4>
        {report.loading && !r && <Loading label="Loading the report…" />}
        <ErrorNotice error={report.error} title="The report could not be loaded" />
        {r && <ReportFacts report={r} />}
      </div>
      <Button variant="ghost" className="min-h-9 px-2 py-1" onClick={() => onShowAudit(a.userId)}>
        Audit trail for this learner
      </Button>
      {a.status === "open" ? (
        <form
          className="space-y-3 border-t border-slate-200 pt-3"
          noValidate
          aria-label={`Answer the appeal by ${r?.subjectName ?? "the learner"}`}
          onSubmit={(e) => e.preventDefault()}
        >
          <TextArea
            label="Note (the learner reads it)"
            value={note}
            maxLength={NOTE_MAX}
            hint={counter(note.length, NOTE_MAX)}
            error={noteProblem ?? fields.note}
            onChange={(e) => setNote(e.target.value)}
            required
          />
          <ErrorNotice error={decide.error} shownFields={["note"]} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button variant="secondary" pending={decide.pending} onClick={() => run("upheld")}>
              Uphold the decision
            </Button>
            <Button pending={decide.pending} onClick={() => run("overturned")}>
              Overturn the decision
            </Button>
          </div>
        </form>
      ) : (
        a.decision && (
          <p className="text-sm">
            {a.status === "overturned" ? "Overturned" : "Upheld"} {formatWhen(a.decision.decidedAt)}: {a.decision.note}
          </p>
        )
      )}
    </article>
  );
}

function AuditSection({
  headingRef,
  learner,
  onLearner,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  learner: string;
  onLearner: (id: string) => void;
}) {
  const [draft, setDraft] = useState(learner);
  useEffect(() => setDraft(learner), [learner]);
  const audit = usePaged(
    (cursor?: string) =>
      unwrap(
        api.GET("/v1/admin/audit", {
          params: {
            query: { limit: PAGE_SIZE, ...(learner ? { subjectUserId: learner } : {}), ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    [learner],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onLearner(draft.trim());
  };
  return (
    <Card aria-labelledby="audit-heading" className="space-y-4">
      <h2
        id="audit-heading"
        ref={headingRef}
        tabIndex={-1}
        className="scroll-mt-20 text-lg font-bold focus:outline-none"
      >
        Audit trail
        {learner && <span className="text-sm font-normal text-slate-700"> for learner {learner}</span>}
      </h2>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Audit trail of one learner">
        <TextField
          label="Learner id"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          hint="Leave empty for every learner."
          maxLength={64}
        />
        <Button type="submit" pending={audit.loading}>
          Show
        </Button>
        {learner && (
          <Button variant="secondary" onClick={() => onLearner("")}>
            Show every learner
          </Button>
        )}
      </form>
      {audit.loading && !audit.loaded && <Loading label="Loading the audit trail…" />}
      <ErrorNotice error={audit.error} title="The audit trail could not be loaded" />
      {audit.loaded && audit.items.length === 0 && <EmptyState title="Nothing recorded yet" />}
      <ol className="divide-y divide-slate-200" aria-label="Audit entries, newest first">
        {audit.items.map((e: AuditEntry) => (
          <li key={e.id} className="py-2 text-sm">
            <p>
              <span className="font-semibold">{auditActionLabel(e.action)}</span>{" "}
              <span className="text-slate-700">{formatWhen(e.at)}</span>
            </p>
            <p className="text-slate-700">
              By {e.actorName}
              {e.subjectUserId && ` · about ${e.subjectName ?? "a learner"} (${e.subjectUserId})`}
              {e.reportId && ` · report ${e.reportId}`}
            </p>
            {Object.keys(e.details).length > 0 && (
              <p className="break-words text-slate-600">{auditDetails(e.details)}</p>
            )}
          </li>
        ))}
      </ol>
      <LoadMore next={audit.next} loading={audit.loading} onClick={() => void audit.loadMore()} what="audit entries" />
    </Card>
  );
}
