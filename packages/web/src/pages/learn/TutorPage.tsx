// One learning session with the tutor: the item in front of me, my answer and its feedback, the hint ladder (one
// rung at a time, each unlocked by an attempt), the chat about the item, the tutor stepping in when I am stuck, and
// the summary (a diagnostic's mastery per topic) once it has ended. Everything shown comes from the server's view
// of the session, so a reload, Back or a second tab lands on the same state.
import { type FormEvent, lazy, type MouseEvent, type ReactNode, Suspense, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import {
  Button,
  buttonClass,
  Card,
  ChoiceGroup,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  Spinner,
  TextArea,
  TextField,
} from "../../components/ui";
import { useDraft } from "../../lib/draft";
import { formatWhen } from "../../lib/format";
import { LIMITS } from "../../lib/limits";
import { Markdown } from "../../lib/markdown";
import { useAction, useResource } from "../../lib/use-resource";
import { runVisibleTests, TIME_LIMIT_MESSAGE, type VisibleRun } from "../../lib/visible-tests";
import { KIND_LABELS, MODE_LABELS, MOMENT_REASONS, percentOf } from "./labels";

type Session = Schemas["LearningSession"];
type Current = NonNullable<Session["current"]>;
type TutorEvent = Schemas["TutorEvent"];
type Submission = Schemas["Submission"];

// CodeMirror is a chunk of its own, fetched only when a code exercise is on screen.
const CodeEditor = lazy(() => import("../../components/CodeEditor"));

/** What a learner may type to the tutor, and the longest answer (code included): the API's limits. */
export const MESSAGE_MAX = LIMITS.tutorMessage.max;
const ANSWER_MAX = LIMITS.tutorAnswer.max;

const number = (x: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(x);

/** Codes that mean the session moved on elsewhere: reloading it shows where it is now. */
const STALE = new Set(["tutor.session_changed", "tutor.not_current_item", "tutor.item_closed", "tutor.session_ended"]);

const sessionPath = (id: string) => ({ params: { path: { id } } });

/** The session; when it is active with no item in front of me, the item the path picks next. */
async function loadSession(id: string): Promise<Session> {
  const s = await unwrap(api.GET("/v1/learning-sessions/{id}", sessionPath(id)));
  if (s.status !== "active" || s.current) return s;
  try {
    return await unwrap(api.GET("/v1/learning-sessions/{id}/next", sessionPath(id)));
  } catch (e) {
    // Another tab asked at the same moment: its item is the one in front of me now.
    if (e instanceof ApiError && e.status === 409)
      return unwrap(api.GET("/v1/learning-sessions/{id}", sessionPath(id)));
    throw e;
  }
}

/** The events of the item in front of me since it was (last) presented. */
function itemEvents(events: TutorEvent[], questionId: string): TutorEvent[] {
  let start = -1;
  events.forEach((e, i) => {
    if (e.type === "presented" && e.questionId === questionId) start = i;
  });
  return events.slice(start + 1).filter((e) => e.questionId === questionId);
}

export function TutorPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const session = useResource(() => loadSession(id), [id]);
  const trackNames = useResource(
    async () => new Map((await loadSprintTypes()).map((s) => [s.contentTrack, s.name])),
    [],
  );
  const s = session.data;
  const update = (next: Session) => session.set(next);

  const advance = useAction(async (skip: boolean) => {
    update(
      await unwrap(
        api.GET("/v1/learning-sessions/{id}/next", {
          params: { path: { id }, query: skip ? { skip: "true" } : {} },
        }),
      ),
    );
  });
  const end = useAction(async () => update(await unwrap(api.POST("/v1/learning-sessions/{id}/end", sessionPath(id)))));
  const practise = useAction(async () => {
    const next = await unwrap(api.POST("/v1/learning-sessions", { body: { mode: "practice", track: s!.track } }));
    navigate(`/learn/sessions/${next.id}`);
  });

  // After the first item, moving to another one moves focus to its title, so a screen reader reads it out.
  const shownItem = useRef<string | null>(null);
  const itemKey = s?.current ? `${s.current.question.id}@${s.current.question.version}#${s.itemsDone}` : null;
  const focusItem = shownItem.current !== null && itemKey !== shownItem.current;
  useEffect(() => {
    if (itemKey) shownItem.current = itemKey;
  }, [itemKey]);

  const trackName = s ? (trackNames.data?.get(s.track) ?? s.track) : "";
  return (
    <div className="space-y-6">
      <PageTitle subtitle={s ? <Progress s={s} trackName={trackName} /> : undefined}>
        {s ? MODE_LABELS[s.mode] : "Learning session"}
      </PageTitle>
      {session.loading && !s && <Loading label="Loading the session…" />}
      <ErrorNotice error={session.error} title="This session could not be loaded" />
      {s?.status === "ended" && (
        <Summary s={s} trackName={trackName} onPractise={() => void practise.run()} practise={practise} />
      )}
      {s?.status === "active" && s.current && (
        <>
          <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
            <div className="space-y-4">
              <ItemCard
                key={itemKey}
                session={s}
                current={s.current}
                events={itemEvents(s.events, s.current.question.id)}
                focusOnMount={focusItem}
                onSession={update}
                onReload={session.reload}
                onNext={() => void advance.run(false)}
                nextPending={advance.pending}
              />
            </div>
            <div className="space-y-4">
              <HintLadder
                session={s}
                current={s.current}
                events={itemEvents(s.events, s.current.question.id)}
                onSession={update}
                onReload={session.reload}
              />
              <Chat
                key={itemKey}
                session={s}
                events={itemEvents(s.events, s.current.question.id)}
                onSession={update}
                onReload={session.reload}
              />
            </div>
          </div>
          <Card aria-labelledby="session-actions-heading" className="space-y-3">
            <h2 id="session-actions-heading" className="text-lg font-bold">
              This session
            </h2>
            <StaleError error={advance.error ?? end.error} onReload={session.reload} />
            <div className="flex flex-col gap-2 sm:flex-row">
              {!s.current.answer && (
                <Button variant="secondary" pending={advance.pending} onClick={() => void advance.run(true)}>
                  Skip this item
                </Button>
              )}
              <Button variant="danger" pending={end.pending} onClick={() => void end.run()}>
                End session
              </Button>
            </div>
            <p className="text-sm text-slate-600">
              {s.mode === "diagnostic"
                ? "Ending early places you on the items answered so far."
                : "A skipped item you tried counts as missed and comes back later."}
            </p>
          </Card>
        </>
      )}
      {s?.status === "active" && !s.current && !session.loading && (
        <Notice tone="warning">
          There is no item in front of you right now.{" "}
          <button type="button" className="font-semibold underline" onClick={() => void session.reload()}>
            Try again
          </button>
        </Notice>
      )}
      {s?.status !== "ended" && (
        <p className="text-sm">
          <Link to="/learn" className="text-indigo-800 underline">
            Back to Learn
          </Link>
        </p>
      )}
    </div>
  );
}

function Progress({ s, trackName }: { s: Session; trackName: string }) {
  if (s.mode === "diagnostic" && s.status === "active" && s.itemsPlanned) {
    const n = Math.min(s.itemsPlanned, s.itemsDone + (s.current ? 1 : 0));
    return (
      <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span>{trackName}</span>
        <span className="font-semibold text-slate-900">
          Item {n} of {s.itemsPlanned}
        </span>
        <progress
          className="h-2 w-32 accent-indigo-700"
          max={s.itemsPlanned}
          value={s.itemsDone}
          aria-label="Diagnostic progress"
        />
      </span>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <span>{trackName}</span>
      <span className="font-semibold text-slate-900">
        Score {number(s.score)} from {s.itemsDone} {s.itemsDone === 1 ? "item" : "items"}
      </span>
    </span>
  );
}

/** An action's error; for one that means the session moved on elsewhere, a way to catch up with it. */
function StaleError({ error, onReload }: { error: ApiError | undefined; onReload: () => Promise<void> }) {
  if (!error) return null;
  return (
    <div className="space-y-2">
      <ErrorNotice error={error} />
      {STALE.has(error.code) && (
        <Button variant="secondary" onClick={() => void onReload()}>
          Reload the session
        </Button>
      )}
    </div>
  );
}

function ItemCard({
  session,
  current,
  events,
  focusOnMount,
  onSession,
  onReload,
  onNext,
  nextPending,
}: {
  session: Session;
  current: Current;
  events: TutorEvent[];
  focusOnMount: boolean;
  onSession: (s: Session) => void;
  onReload: () => Promise<void>;
  onNext: () => void;
  nextPending: boolean;
}) {
  const q = current.question;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) title.current?.focus();
  }, [focusOnMount]);
  // Code is kept per presentation of the item, so it is still there (read-only) once the item is finished.
  const presented = session.events.reduce(
    (seq, e) => (e.type === "presented" && e.questionId === q.id ? Math.max(seq, e.seq) : seq),
    -1,
  );
  const draftKey =
    q.kind === "code" && presented >= 0
      ? `tutor.${session.id}.${q.id}.${q.version}.p${presented}`
      : `tutor.${session.id}.${q.id}.${q.version}.${session.itemsDone}`;
  const [answer, setAnswer, clearAnswer] = useDraft(draftKey, () => (q.kind === "code" ? (q.starter ?? "") : ""));
  const finished = current.answer !== null;

  const submit = useAction(async () => {
    const { session: next } = await unwrap(
      api.POST("/v1/learning-sessions/{id}/attempts", {
        params: { path: { id: session.id } },
        body: { questionId: q.id, answer },
      }),
    );
    if (next.current?.answer !== null) clearAnswer();
    onSession(next);
  });
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (answer.trim()) void submit.run();
  };

  // The latest attempt's verdict, from the session itself (so it is there again after a reload).
  const lastAttempt = [...events].reverse().find((e) => e.type === "attempt");
  const moments = events.filter((e) => e.type === "complex_moment");
  const explanation = current.explanation;
  const attemptNotice = lastAttempt && (
    <Notice tone={lastAttempt.correct ? "success" : "warning"}>
      <p className="font-semibold">{lastAttempt.correct ? "Correct" : "Not correct"}</p>
      {lastAttempt.feedback && lastAttempt.feedback !== "Right." && <p>{lastAttempt.feedback}</p>}
    </Notice>
  );

  return (
    <Card aria-labelledby="item-heading" className="space-y-4">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">
          {KIND_LABELS[q.kind]} · difficulty {q.difficulty} of 5 · {q.tags.join(", ")}
        </p>
        <h2 id="item-heading" ref={title} tabIndex={-1} className="text-xl font-bold focus:outline-none">
          {q.title}
        </h2>
      </div>
      <Markdown source={q.prompt} headingOffset={2} />
      {moments.map((m) => (
        <Moment key={m.seq} event={m} />
      ))}
      {q.kind === "code" ? (
        <CodeExercise
          session={session}
          current={current}
          draftKey={draftKey}
          code={answer}
          setCode={setAnswer}
          attemptNotice={attemptNotice}
          onSession={onSession}
          onReload={onReload}
        />
      ) : (
        <>
          <form onSubmit={send} className="space-y-4" noValidate>
            {q.kind === "multiple_choice" && (
              <ChoiceGroup
                legend="Your answer"
                name={`answer-${q.id}`}
                value={answer || undefined}
                options={(q.choices ?? []).map((c) => ({ value: c.key, label: `${c.key}) ${c.text}` }))}
                onChange={(v) => !finished && setAnswer(v)}
              />
            )}
            {q.kind === "short_answer" && (
              <TextField
                label="Your answer"
                value={answer}
                maxLength={ANSWER_MAX}
                readOnly={finished}
                autoComplete="off"
                onChange={(e) => setAnswer(e.target.value)}
              />
            )}
            <StaleError error={submit.error} onReload={onReload} />
            {!finished && (
              <Button type="submit" pending={submit.pending} disabled={!answer.trim()}>
                Submit
              </Button>
            )}
          </form>
          <div aria-live="polite" className="space-y-3">
            {attemptNotice}
          </div>
        </>
      )}
      {explanation !== null && (
        <section aria-labelledby="explanation-heading" className="space-y-3 rounded-lg bg-slate-50 p-3">
          <h3 id="explanation-heading" className="font-bold">
            Explanation
          </h3>
          <Markdown source={explanation} headingOffset={3} />
          {current.answer && (
            <div>
              <p className="font-semibold">The answer</p>
              {q.kind === "code" ? (
                <pre
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so the keyboard must reach it.
                  tabIndex={0}
                  className="overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-sm text-slate-50"
                >
                  <code>{current.answer}</code>
                </pre>
              ) : (
                <p>{current.answer}</p>
              )}
            </div>
          )}
          <Button pending={nextPending} onClick={onNext}>
            Next item
          </Button>
        </section>
      )}
    </Card>
  );
}

const show = (v: unknown) => JSON.stringify(v) ?? "undefined";

function VisibleTests({ q }: { q: Current["question"] }) {
  const tests = q.visibleTests ?? [];
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium text-slate-800">Tests</p>
      <ul className="space-y-1">
        {tests.map((t) => (
          <li key={t.name} className="rounded-lg bg-slate-50 p-2">
            <span className="font-medium">{t.name}</span>:{" "}
            <code className="font-mono break-all">
              {q.entry}({t.args.map(show).join(", ")}) → {show(t.expected)}
            </code>
          </li>
        ))}
      </ul>
      {(q.hiddenTestCount ?? 0) > 0 && (
        <p className="text-slate-600">
          {q.hiddenTestCount} hidden {q.hiddenTestCount === 1 ? "test also runs" : "tests also run"}.
        </p>
      )}
    </div>
  );
}

const VERDICTS: Record<NonNullable<Submission["verdict"]>, string> = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  time_limit_exceeded: "Time limit exceeded",
  memory_limit_exceeded: "Memory limit exceeded",
  runtime_error: "Runtime error",
  compilation_error: "Compilation error",
  internal_error: "Something went wrong on our side",
};

/** How often a queued submission is asked after, and for how long before the page stops waiting. */
const POLL_MS = 500;
const POLL_LIMIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest attempt on an item the session knows of (its seq), to tell when a submission's attempt has arrived. */
const lastAttemptSeq = (s: Session, questionId: string) =>
  s.events.reduce((seq, e) => (e.type === "attempt" && e.questionId === questionId ? Math.max(seq, e.seq) : seq), -1);

/**
 * A code exercise: the editor (starter code first, then the learner's draft), the visible tests run in this
 * browser, and a submission scored by the server's sandbox, its verdict shown in full once it is in. The verdict
 * reaches the session as an attempt a moment after the submission is scored, which is when the session is reloaded.
 */
function CodeExercise({
  session,
  current,
  draftKey,
  code,
  setCode,
  attemptNotice,
  onSession,
  onReload,
}: {
  session: Session;
  current: Current;
  draftKey: string;
  code: string;
  setCode: (code: string) => void;
  attemptNotice: ReactNode;
  onSession: (s: Session) => void;
  onReload: () => Promise<void>;
}) {
  const q = current.question;
  const language = q.language ?? "javascript";
  const finished = current.answer !== null;
  // The submission last sent for this item, kept like the draft so a reload shows its verdict again.
  const [submissionId, setSubmissionId] = useDraft<string | null>(`${draftKey}.submission`, () => null);
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [stillQueued, setStillQueued] = useState(false);
  const [browserRun, setBrowserRun] = useState<VisibleRun | null>(null);
  const [running, setRunning] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Asks after the submission until it is scored (or failed), or the page gives up waiting. */
  const poll = async (id: string): Promise<Submission | null> => {
    setStillQueued(false);
    const deadline = Date.now() + POLL_LIMIT_MS;
    for (;;) {
      const s = await unwrap(api.GET("/v1/submissions/{id}", { params: { path: { id } } }));
      if (!mounted.current) return null;
      setSubmission(s);
      if (s.status !== "queued") return s;
      if (Date.now() >= deadline) {
        setStillQueued(true);
        return null;
      }
      await sleep(POLL_MS);
      if (!mounted.current) return null;
    }
  };

  /** The session once it shows the submission's attempt (it arrives just after the score), a few tries at most. */
  const refreshSession = async (attemptBefore: number) => {
    for (let tries = 0; ; tries++) {
      const next = await unwrap(api.GET("/v1/learning-sessions/{id}", sessionPath(session.id)));
      const arrived = lastAttemptSeq(next, q.id) > attemptBefore || next.current?.question.id !== q.id;
      if (arrived || tries >= 6) {
        if (!mounted.current) return;
        onSession(next);
        return;
      }
      await sleep(300);
    }
  };

  const scoreAndRefresh = async (id: string) => {
    const before = lastAttemptSeq(session, q.id);
    const scored = await poll(id);
    if (scored?.status === "scored") await refreshSession(before);
  };

  const submit = useAction(async () => {
    setSubmission(null);
    const queued = await unwrap(
      api.POST("/v1/submissions", { body: { questionId: q.id, code, sessionId: session.id } }),
    );
    setSubmissionId(queued.id);
    setSubmission(queued);
    await scoreAndRefresh(queued.id);
  });

  // After a reload: the verdict of the submission sent before it (still scoring, perhaps).
  const resume = useAction(async (id: string) => {
    let s: Submission;
    try {
      s = await unwrap(api.GET("/v1/submissions/{id}", { params: { path: { id } } }));
    } catch (e) {
      // Gone (submissions expire with the session's traces): there is nothing to show again.
      if (e instanceof ApiError && e.status === 404) return setSubmissionId(null);
      throw e;
    }
    if (!mounted.current) return;
    setSubmission(s);
    if (s.status === "queued") await scoreAndRefresh(id);
  });
  // Only on mount: the submission sent before a reload.
  useEffect(() => {
    if (submissionId && !submission) void resume.run(submissionId);
  }, []);

  const runInBrowser = async () => {
    setRunning(true);
    setBrowserRun(null);
    try {
      const result = await runVisibleTests({
        source: code,
        language,
        entry: q.entry ?? "",
        tests: q.visibleTests ?? [],
      });
      if (mounted.current) setBrowserRun(result);
    } finally {
      if (mounted.current) setRunning(false);
    }
  };

  const scoring = submit.pending || resume.pending || submission?.status === "queued";
  const scored = submission?.status === "scored" ? submission : null;
  const error = submit.error ?? resume.error;

  return (
    <div className="space-y-4">
      <Suspense
        fallback={
          <div className="space-y-1">
            <p className="text-sm font-medium text-slate-800">{codeLabel(language)}</p>
            <Loading label="Loading the editor…" />
          </div>
        }
      >
        <CodeEditor
          label={codeLabel(language)}
          hint={q.entry ? `The tests call ${q.entry}(…).` : undefined}
          value={code}
          onChange={setCode}
          language={language}
          readOnly={finished}
          maxLength={ANSWER_MAX}
        />
      </Suspense>
      <VisibleTests q={q} />
      <StaleError error={error} onReload={onReload} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button
          variant="secondary"
          pending={running}
          disabled={!code.trim() || (q.visibleTests ?? []).length === 0}
          onClick={() => void runInBrowser()}
        >
          Run visible tests
        </Button>
        {!finished && (
          <Button pending={scoring} disabled={!code.trim()} onClick={() => void submit.run()}>
            Submit
          </Button>
        )}
      </div>
      <p className="text-sm text-slate-600">
        Running the visible tests happens in your browser and does not count. Submitting runs every test, hidden ones
        too, and counts as an answer.
      </p>
      <div aria-live="polite" className="space-y-3">
        {browserRun && <BrowserRunResults run={browserRun} entry={q.entry ?? ""} />}
      </div>
      <div role="status" className="text-sm font-medium">
        {scoring && (
          <span className="flex items-center gap-2">
            <Spinner /> Scoring…
          </span>
        )}
        {scored?.verdict && `Scored: ${VERDICTS[scored.verdict]}, ${percentOf(scored.score ?? 0)}.`}
        {submission?.status === "failed" && "The submission could not be scored. Please submit it again."}
      </div>
      {stillQueued && submissionId && (
        <Notice tone="warning">
          <p>Scoring is taking longer than usual.</p>
          <button type="button" className="mt-1 font-semibold underline" onClick={() => void resume.run(submissionId)}>
            Check again
          </button>
        </Notice>
      )}
      {scored ? <VerdictPanel submission={scored} session={session} current={current} /> : !scoring && attemptNotice}
    </div>
  );
}

const codeLabel = (language: string) => `Your code (${language === "typescript" ? "TypeScript" : "JavaScript"})`;

/** What the visible tests did in this browser. */
function BrowserRunResults({ run, entry }: { run: VisibleRun; entry: string }) {
  const passed = run.results.filter((r) => r.passed).length;
  return (
    <section aria-labelledby="browser-run-heading" className="space-y-2 rounded-lg bg-slate-50 p-3 text-sm">
      <h3 id="browser-run-heading" className="font-bold">
        Visible tests in your browser
      </h3>
      {run.blocked ? (
        <p>This page is not allowed to run code in your browser. Submit to have every test run on the server.</p>
      ) : run.compileError ? (
        <div className="space-y-1">
          <p className="font-semibold text-red-900">The code does not compile</p>
          <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap text-red-900">{run.compileError}</pre>
        </div>
      ) : (
        <>
          <p className="font-semibold">
            {passed} of {run.results.length} visible tests pass{run.timedOut ? ` · ${TIME_LIMIT_MESSAGE}` : ""}
          </p>
          <ul aria-label="Visible test results" className="space-y-2">
            {run.results.map((r) => (
              <li key={r.name} className={r.passed ? "text-emerald-900" : "text-red-900"}>
                <span className="font-medium">
                  {r.passed ? "Passed" : "Failed"}: {r.name}
                </span>
                <TestFacts
                  call={`${entry}(${r.args.map(show).join(", ")})`}
                  expected={r.expected}
                  got={r.error ? undefined : r.got}
                  error={r.error}
                  showGot={!r.error}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TestFacts({
  call,
  expected,
  got,
  error,
  showGot,
}: {
  call: string;
  expected: unknown;
  got: unknown;
  error?: string;
  showGot: boolean;
}) {
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 font-mono text-xs text-slate-800">
      <dt className="font-sans text-slate-600">Call</dt>
      <dd className="break-all">{call}</dd>
      <dt className="font-sans text-slate-600">Expected</dt>
      <dd className="break-all">{show(expected)}</dd>
      {showGot && (
        <>
          <dt className="font-sans text-slate-600">Got</dt>
          <dd className="break-all">{show(got)}</dd>
        </>
      )}
      {error && (
        <>
          <dt className="font-sans text-slate-600">Error</dt>
          <dd className="break-all whitespace-pre-wrap text-red-900">{error}</dd>
        </>
      )}
    </dl>
  );
}

/** The server's verdict on a submission: every visible test in full, hidden ones as passed or not. */
function VerdictPanel({
  submission: s,
  session,
  current,
}: {
  submission: Submission;
  session: Session;
  current: Current;
}) {
  const accepted = s.verdict === "accepted";
  const visible = s.tests.filter((t) => !t.hidden);
  const hidden = s.tests.filter((t) => t.hidden);
  // The session, reloaded after the attempt arrived, knows the ladder best; the submission's own answer otherwise.
  const hintLevel = accepted ? null : (current.nextHintLevel ?? s.nextHintLevel);
  const hintName = session.hintLevels.find((h) => h.level === hintLevel)?.name;
  const openHint = (e: MouseEvent) => {
    e.preventDefault();
    const rung = document.getElementById(`hint-level-${hintLevel}`);
    rung?.scrollIntoView({ block: "center" });
    (rung?.querySelector("button") ?? rung)?.focus();
  };
  return (
    <section
      aria-labelledby="verdict-heading"
      className={
        accepted
          ? "space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950"
          : "space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      }
    >
      <h3 id="verdict-heading" className="text-base font-bold">
        Verdict: {s.verdict ? VERDICTS[s.verdict] : "not scored"}
      </h3>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        <div className="rounded-lg bg-white/70 p-2">
          <dt className="text-slate-700">Score</dt>
          <dd className="text-lg font-bold tabular-nums">{percentOf(s.score ?? 0)}</dd>
        </div>
        <div className="rounded-lg bg-white/70 p-2">
          <dt className="text-slate-700">Tests</dt>
          <dd className="text-lg font-bold tabular-nums">
            {s.passed ?? 0} of {s.total ?? 0} tests passed
          </dd>
        </div>
      </dl>
      {s.compileError && (
        <div className="space-y-1">
          <p className="font-semibold">Compile error</p>
          <pre className="overflow-x-auto rounded bg-white/70 p-2 font-mono text-xs whitespace-pre-wrap">
            {s.compileError}
          </pre>
        </div>
      )}
      {s.feedback && <p>{s.feedback}</p>}
      {visible.length > 0 && (
        <ul aria-label="Visible tests" className="space-y-2">
          {visible.map((t) => (
            <li key={t.name} className={t.passed ? "text-emerald-900" : "text-red-900"}>
              <span className="font-medium">
                {t.passed ? "Passed" : "Failed"}: {t.name}
                {!t.passed && t.verdict !== "wrong_answer" ? ` (${VERDICTS[t.verdict]})` : ""}
              </span>
              <TestFacts
                call={`${current.question.entry ?? ""}(${(t.args ?? []).map(show).join(", ")})`}
                expected={t.expected}
                got={t.got}
                error={t.error}
                showGot={!t.error}
              />
            </li>
          ))}
        </ul>
      )}
      {hidden.length > 0 && (
        <ul aria-label="Hidden tests" className="flex flex-wrap gap-2">
          {hidden.map((t) => (
            <li
              key={t.name}
              className={
                t.passed
                  ? "rounded-full bg-emerald-100 px-2 py-0.5 text-emerald-950"
                  : "rounded-full bg-red-100 px-2 py-0.5 text-red-950"
              }
            >
              {t.name}: {t.passed ? "passed" : "failed"}
            </li>
          ))}
        </ul>
      )}
      {hintLevel && hintLevel > current.hintLevel && (
        <p>
          <a href={`#hint-level-${hintLevel}`} onClick={openHint} className="font-semibold text-indigo-800 underline">
            Next hint: level {hintLevel}
            {hintName ? ` (${hintName})` : ""}
          </a>
        </p>
      )}
    </section>
  );
}

function Moment({ event }: { event: TutorEvent }) {
  return (
    <aside
      aria-label="The tutor steps in"
      className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      <p className="font-semibold">{event.reason ? MOMENT_REASONS[event.reason] : "Stuck? Here is some help."}</p>
      {event.lesson && (
        <p>
          A short lesson may help:{" "}
          <Link to={`/learn/lessons/${event.lesson.id}`} className="font-semibold text-indigo-800 underline">
            {event.lesson.title}
          </Link>
          . <span className="text-amber-900">{event.lesson.summary}</span>
        </p>
      )}
      {event.podNudge && <p>{event.podNudge}</p>}
    </aside>
  );
}

function HintLadder({
  session,
  current,
  events,
  onSession,
  onReload,
}: {
  session: Session;
  current: Current;
  events: TutorEvent[];
  onSession: (s: Session) => void;
  onReload: () => Promise<void>;
}) {
  const texts = new Map<number, string>();
  for (const e of events) if (e.type === "hint" && e.level && e.text) texts.set(e.level, e.text);
  const hint = useAction(async (level: number) => {
    const result = await unwrap(
      api.POST("/v1/learning-sessions/{id}/hints", {
        params: { path: { id: session.id } },
        body: { questionId: current.question.id, level },
      }),
    );
    onSession(result.session);
  });
  const weight = (level: number) => session.hintWeights[level] ?? 0;
  const finished = current.answer !== null;
  return (
    <Card aria-labelledby="hints-heading" className="space-y-3">
      <h2 id="hints-heading" className="text-lg font-bold">
        Hints
      </h2>
      <p className="text-sm text-slate-700">
        {finished
          ? "This item is finished."
          : `A right answer now earns ${percentOf(weight(current.hintLevel))} of the item's score.`}{" "}
        Each hint unlocks after an answer at the level before.
      </p>
      <StaleError error={hint.error} onReload={onReload} />
      <ol className="space-y-2">
        {session.hintLevels.map((h) => {
          const shown = h.level <= current.hintLevel;
          const isNext = h.level === current.hintLevel + 1;
          const open = current.nextHintLevel === h.level;
          const reasonId = `hint-${h.level}-reason`;
          return (
            <li
              key={h.level}
              id={`hint-level-${h.level}`}
              tabIndex={-1}
              className={
                shown
                  ? "rounded-lg bg-indigo-50 p-3 ring-1 ring-indigo-200"
                  : "rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
              }
            >
              <p className="text-sm font-semibold">
                Level {h.level}: {h.name}
                {!shown && !isNext && <span className="ml-1 font-normal text-slate-600">(locked)</span>}
              </p>
              {shown && texts.get(h.level) && (
                <Markdown source={texts.get(h.level)!} headingOffset={3} className="mt-1 text-sm" />
              )}
              {shown && !texts.get(h.level) && <p className="mt-1 text-sm text-slate-600">Shown.</p>}
              {isNext && (
                <div className="mt-2 space-y-1">
                  <Button
                    variant={open ? "primary" : "secondary"}
                    disabled={!open}
                    pending={hint.pending}
                    aria-describedby={reasonId}
                    onClick={() => void hint.run(h.level)}
                  >
                    Show hint {h.level}
                  </Button>
                  <p id={reasonId} className="text-sm text-slate-700">
                    {open
                      ? h.level === 5
                        ? "Shows the explanation and the answer; the item then earns nothing."
                        : `After it, a right answer earns ${percentOf(weight(h.level))}.`
                      : finished
                        ? "Locked: this item is finished."
                        : "Locked. Try an answer to unlock the next hint."}
                  </p>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

function Chat({
  session,
  events,
  onSession,
  onReload,
}: {
  session: Session;
  events: TutorEvent[];
  onSession: (s: Session) => void;
  onReload: () => Promise<void>;
}) {
  const [text, setText, clearText] = useDraft(`tutor.${session.id}.chat`, () => "");
  const messages = events.filter((e) => e.type === "message" && e.text);
  const send = useAction(async () => {
    const result = await unwrap(
      api.POST("/v1/learning-sessions/{id}/messages", {
        params: { path: { id: session.id } },
        body: { text: text.trim() },
      }),
    );
    setText("");
    clearText();
    onSession(result.session);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) void send.run();
  };
  return (
    <Card aria-labelledby="chat-heading" className="space-y-3">
      <h2 id="chat-heading" className="text-lg font-bold">
        Ask the tutor
      </h2>
      {messages.length === 0 ? (
        <p className="text-sm text-slate-700">
          Stuck or curious? Ask about this item. The tutor helps you think it through.
        </p>
      ) : (
        <div
          role="log"
          aria-label="Conversation"
          aria-live="polite"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, so the keyboard must reach it.
          tabIndex={0}
          className="max-h-96 overflow-y-auto p-1"
        >
          <ol className="space-y-2">
            {messages.map((m) => (
              <li
                key={m.seq}
                className={
                  m.from === "tutor"
                    ? "mr-6 rounded-lg bg-slate-100 p-2 text-sm"
                    : "ml-6 rounded-lg bg-indigo-50 p-2 text-sm ring-1 ring-indigo-200"
                }
              >
                <p className="text-xs font-semibold text-slate-700">{m.from === "tutor" ? "Tutor" : "You"}</p>
                <p className="whitespace-pre-line">{m.text}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
      <form onSubmit={submit} className="space-y-3" noValidate>
        <TextArea
          label="Your message"
          hint={`${text.length} of ${MESSAGE_MAX} characters`}
          maxLength={MESSAGE_MAX}
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
        />
        <StaleError error={send.error} onReload={onReload} />
        <Button type="submit" variant="secondary" pending={send.pending} disabled={!text.trim()}>
          Send
        </Button>
      </form>
    </Card>
  );
}

function Summary({
  s,
  trackName,
  onPractise,
  practise,
}: {
  s: Session;
  trackName: string;
  onPractise: () => void;
  practise: { pending: boolean; error: ApiError | undefined };
}) {
  const attempts = s.events.filter((e) => e.type === "attempt");
  const right = attempts.filter((e) => e.correct).length;
  const last = [...s.events].reverse().find((e) => e.type === "ended");
  return (
    <div className="space-y-4">
      <Card aria-labelledby="summary-heading" className="space-y-3">
        <h2 id="summary-heading" className="text-lg font-bold">
          Summary
        </h2>
        {last?.text && <p>{last.text}</p>}
        <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
          {[
            ["Items done", String(s.itemsDone)],
            ["Right answers", `${right} of ${attempts.length}`],
            ["Score", number(s.score)],
            ["Track", trackName],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg bg-slate-50 p-2">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-lg font-bold tabular-nums break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="text-sm text-slate-700">
          Started <time dateTime={s.startedAt}>{formatWhen(s.startedAt)}</time>
          {s.endedAt && (
            <>
              , ended <time dateTime={s.endedAt}>{formatWhen(s.endedAt)}</time>
            </>
          )}
          .
        </p>
      </Card>
      {s.mode === "diagnostic" && s.mastery && (
        <Card aria-labelledby="mastery-heading" className="space-y-3">
          <h2 id="mastery-heading" className="text-lg font-bold">
            Where you stand
          </h2>
          {s.mastery.tags.length === 0 ? (
            <p className="text-slate-700">No item was answered, so there is nothing to place you on yet.</p>
          ) : (
            <ul aria-label="Mastery by topic" className="space-y-3">
              {s.mastery.tags.map((t) => (
                <li key={t.tag} className="space-y-1">
                  <div className="flex justify-between gap-2 text-sm">
                    <span className="font-medium">{t.tag}</span>
                    <span className="tabular-nums">
                      {percentOf(t.mastery)} · {t.level}{" "}
                      <span className="text-slate-600">
                        ({t.correct} of {t.attempts} right)
                      </span>
                    </span>
                  </div>
                  <div aria-hidden="true" className="h-3 overflow-hidden rounded-full bg-slate-200">
                    <div className="h-full rounded-full bg-indigo-700" style={{ width: percentOf(t.mastery) }} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <ErrorNotice error={practise.error} title="Practice could not be started" />
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button pending={practise.pending} onClick={onPractise}>
          Practise {trackName}
        </Button>
        <Link to="/learn" className={buttonClass("secondary")}>
          Back to Learn
        </Link>
      </div>
    </div>
  );
}
