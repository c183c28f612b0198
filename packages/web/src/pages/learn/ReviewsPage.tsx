// Reviews: the cards due now, one at a time. The front, then (Space or "Show answer") the back and four grades
// (1–4); Undo (U) puts the last graded card back in front. What is due and done today lives on the server, so a
// reload or another device carries on where this one left off.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { getPreferences } from "../../api/preferences";
import { Button, buttonClass, Card, EmptyState, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { Markdown } from "../../lib/markdown";
import { useAction, useResource } from "../../lib/use-resource";

type ReviewCard = Schemas["ReviewCard"];
type Grade = Schemas["ReviewGradeInput"]["grade"];
type Algorithm = ReviewCard["algorithm"];

const GRADES: { grade: Grade; label: string; key: string }[] = [
  { grade: "again", label: "Again", key: "1" },
  { grade: "hard", label: "Hard", key: "2" },
  { grade: "good", label: "Good", key: "3" },
  { grade: "easy", label: "Easy", key: "4" },
];

const ALGORITHM_NAMES: Record<Algorithm, string> = { fsrs: "FSRS", sm2: "SM-2" };

interface Counts {
  dueCount: number;
  reviewedToday: number;
  dailyCap: number;
}

const loadDue = () => unwrap(api.GET("/v1/reviews/due"));

/** What the page needs besides the cards: track names and the chosen algorithm; neither is worth an error. */
async function loadContext(): Promise<{ tracks: Map<string, string>; algorithm: Algorithm | undefined }> {
  const [sprintTypes, preferences] = await Promise.all([
    loadSprintTypes().catch(() => []),
    getPreferences().catch(() => undefined),
  ]);
  return {
    tracks: new Map(sprintTypes.map((s) => [s.contentTrack, s.name])),
    algorithm: preferences?.srsAlgorithm,
  };
}

/** Where the keys must keep their usual meaning: text being typed. */
const TYPING = "input, textarea, select, [contenteditable]:not([contenteditable='false'])";
/** Controls that answer Space themselves (a link does not: Space over one shows the answer). */
const CONTROL = "button, summary, [role='button'], [role='radio'], [role='checkbox'], [role='switch']";

function Kbd({ children }: { children: ReactNode }) {
  // The shortcut is announced through aria-keyshortcuts; the key cap is for the eye.
  return (
    <span aria-hidden="true">
      <kbd className="rounded border border-current/40 px-1.5 py-0.5 font-mono text-xs leading-none font-semibold opacity-80">
        {children}
      </kbd>
    </span>
  );
}

export function ReviewsPage() {
  const due = useResource(loadDue, []);
  const context = useResource(loadContext, []);
  const [queue, setQueue] = useState<ReviewCard[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [gradedHere, setGradedHere] = useState(0);
  const [revealed, setRevealed] = useState(false);
  const [last, setLast] = useState<{ card: ReviewCard; grade: Grade } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusOn, setFocusOn] = useState<"card" | "answer" | null>(null);
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const answerHeading = useRef<HTMLHeadingElement>(null);

  // The server's list replaces the local one whenever it is (re)loaded.
  useEffect(() => {
    if (!due.data) return;
    setQueue(due.data.items);
    setCounts({
      dueCount: due.data.dueCount,
      reviewedToday: due.data.reviewedToday,
      dailyCap: due.data.dailyCap,
    });
  }, [due.data]);

  // Focus follows the card, so a screen reader reads what just appeared (never on the first load: the page's
  // heading has it then).
  useEffect(() => {
    if (focusOn === "card") cardHeading.current?.focus();
    if (focusOn === "answer") answerHeading.current?.focus();
    if (focusOn) setFocusOn(null);
  }, [focusOn]);

  const current = queue[0];

  const [pendingGrade, setPendingGrade] = useState<Grade | null>(null);
  const grade = useAction(async (card: ReviewCard, g: Grade) => {
    const graded = await unwrap(
      api.POST("/v1/reviews/{cardId}", { params: { path: { cardId: card.id } }, body: { grade: g } }),
    );
    const rest = queue.filter((c) => c.id !== card.id);
    const label = GRADES.find((x) => x.grade === g)?.label ?? g;
    setLast({ card: graded, grade: g });
    setGradedHere((n) => n + 1);
    setRevealed(false);
    if (rest.length > 0) {
      setQueue(rest);
      setCounts((c) => c && { ...c, reviewedToday: c.reviewedToday + 1, dueCount: Math.max(0, c.dueCount - 1) });
      setAnnouncement(`Graded ${label}. Next card.`);
      setFocusOn("card");
      return;
    }
    // The last card shown: ask again, for cards that fell due meanwhile (a missed card returns within minutes).
    const fresh = await loadDue().catch(() => null);
    if (fresh) {
      setQueue(fresh.items);
      setCounts({ dueCount: fresh.dueCount, reviewedToday: fresh.reviewedToday, dailyCap: fresh.dailyCap });
    } else {
      setQueue([]);
      setCounts((c) => c && { ...c, reviewedToday: c.reviewedToday + 1, dueCount: Math.max(0, c.dueCount - 1) });
    }
    const more = (fresh?.items.length ?? 0) > 0;
    setAnnouncement(`Graded ${label}. ${more ? "Next card." : "That was the last card for now."}`);
    if (more) setFocusOn("card");
  });

  const undo = useAction(async () => {
    if (!last) return;
    try {
      const restored = await unwrap(
        api.POST("/v1/reviews/{cardId}/undo", { params: { path: { cardId: last.card.id } } }),
      );
      setLast(null);
      setQueue((q) => [restored, ...q.filter((c) => c.id !== restored.id)]);
      setCounts((c) => c && { ...c, reviewedToday: Math.max(0, c.reviewedToday - 1), dueCount: c.dueCount + 1 });
      setGradedHere((n) => Math.max(0, n - 1));
      setRevealed(false);
      setAnnouncement("Grade undone. The card is back.");
      setFocusOn("card");
    } catch (e) {
      // Nothing left to undo there (or no such card): the button goes; a failed connection may try again.
      if (e instanceof ApiError && (e.status === 404 || e.status === 409)) setLast(null);
      throw e;
    }
  });

  const busy = grade.pending || undo.pending;
  const reveal = () => {
    setRevealed(true);
    setFocusOn("answer");
  };
  const gradeWith = (g: Grade) => {
    if (current && !busy) {
      undo.clearError();
      setPendingGrade(g);
      void grade.run(current, g);
    }
  };
  const undoLast = () => {
    if (last && !busy) {
      grade.clearError();
      void undo.run();
    }
  };

  // Space shows the answer, 1–4 grade it, U undoes; never while typing, and never over a control's own Space.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat || e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TYPING)) return;
      if (e.key === " ") {
        if (target?.closest(CONTROL) || !current || revealed) return;
        e.preventDefault();
        reveal();
        return;
      }
      const g = GRADES.find((x) => x.key === e.key);
      if (g && current && revealed) {
        e.preventDefault();
        gradeWith(g.grade);
        return;
      }
      if ((e.key === "u" || e.key === "U") && last) {
        e.preventDefault();
        undoLast();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const algorithm = current?.algorithm ?? last?.card.algorithm ?? context.data?.algorithm;
  const capReached = counts !== null && counts.reviewedToday >= counts.dailyCap && counts.dueCount > 0;
  const trackName = (track: string) => context.data?.tracks.get(track) ?? track;
  const stale = (code: string | undefined) => code === "review.card_changed" || code === "review.card_not_found";

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="The questions you practised, back just before you would forget them.">Reviews</PageTitle>
      {due.loading && !due.data && <Loading label="Loading your reviews…" />}
      <ErrorNotice error={due.error} title="Your reviews could not be loaded" />
      {due.error && !due.data && (
        <Button variant="secondary" onClick={() => void due.reload()}>
          Try again
        </Button>
      )}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {counts && (
        <section aria-label="Today" className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
          <p className="text-2xl font-bold text-slate-950">{`${counts.dueCount} due`}</p>
          <div className="min-w-48 flex-1 space-y-1 sm:max-w-xs">
            <p className="text-sm text-slate-700">
              {`${Math.min(counts.reviewedToday, counts.dailyCap)} of ${counts.dailyCap} reviewed today`}
            </p>
            <div aria-hidden="true" className="h-2 overflow-hidden rounded-full bg-slate-200">
              <div
                className="h-full rounded-full bg-indigo-700"
                style={{ width: `${Math.min(100, (counts.reviewedToday / Math.max(1, counts.dailyCap)) * 100)}%` }}
              />
            </div>
          </div>
        </section>
      )}

      <ErrorNotice error={grade.error} title="The grade was not saved" />
      <ErrorNotice error={undo.error} title="The grade could not be undone" />
      {(stale(grade.error?.code) || stale(undo.error?.code)) && (
        <Button
          variant="secondary"
          onClick={() => {
            grade.clearError();
            undo.clearError();
            setRevealed(false);
            void due.reload();
          }}
        >
          Reload your reviews
        </Button>
      )}

      {current && (
        <Card aria-labelledby="card-heading" className="space-y-4">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
            <h2
              id="card-heading"
              ref={cardHeading}
              tabIndex={-1}
              className="text-sm font-semibold text-slate-700 focus:outline-none"
            >
              {`Card ${gradedHere + 1} of ${gradedHere + queue.length}`}
            </h2>
            <p className="text-sm text-slate-600">
              {trackName(current.track)} ·{" "}
              {current.reviews === 0
                ? "first review"
                : `reviewed ${current.reviews} ${current.reviews === 1 ? "time" : "times"}`}
            </p>
          </div>
          <Markdown source={current.front} headingOffset={2} />
          {!revealed ? (
            <Button aria-keyshortcuts="Space" onClick={reveal} disabled={busy}>
              Show answer <Kbd>Space</Kbd>
            </Button>
          ) : (
            <>
              <section aria-labelledby="answer-heading" className="space-y-3 rounded-lg bg-slate-50 p-3">
                <h3 id="answer-heading" ref={answerHeading} tabIndex={-1} className="font-bold focus:outline-none">
                  Answer
                </h3>
                <Markdown source={current.back} headingOffset={3} />
              </section>
              <fieldset className="space-y-2">
                <legend className="mb-2 font-semibold">How well did you remember it?</legend>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                  {GRADES.map((g) => (
                    <Button
                      key={g.grade}
                      variant={g.grade === "good" ? "primary" : "secondary"}
                      aria-keyshortcuts={g.key}
                      pending={grade.pending && pendingGrade === g.grade}
                      disabled={busy}
                      onClick={() => gradeWith(g.grade)}
                    >
                      {g.label} <Kbd>{g.key}</Kbd>
                    </Button>
                  ))}
                </div>
              </fieldset>
            </>
          )}
        </Card>
      )}

      {counts &&
        !current &&
        !due.loading &&
        (capReached ? (
          <EmptyState title={`That is today's ${counts.dailyCap} reviews`}>
            <p>
              {counts.dueCount} more {counts.dueCount === 1 ? "card is" : "cards are"} due; they will wait for tomorrow.
              A steady pace each day helps them stick better than one long sitting.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="Nothing due — come back tomorrow">
            <p>Cards come from the questions you try in the tutor, due a day later.</p>
            <Link to="/learn" className={buttonClass("secondary")}>
              Practise in Learn
            </Link>
          </EmptyState>
        ))}

      {(current || last) && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          {last ? (
            <Button variant="ghost" aria-keyshortcuts="U" pending={undo.pending} disabled={busy} onClick={undoLast}>
              {`Undo “${GRADES.find((g) => g.grade === last.grade)?.label}”`} <Kbd>U</Kbd>
            </Button>
          ) : (
            <span />
          )}
          {current && (
            <p className="hidden text-xs text-slate-600 sm:block">
              Keys: Space shows the answer, 1–4 grade it, U undoes the last grade.
            </p>
          )}
        </div>
      )}

      {algorithm && (
        <p className="text-xs text-slate-600">
          Scheduled with {ALGORITHM_NAMES[algorithm]}.{" "}
          <Link to="/profile" className="text-indigo-800 underline">
            Choose the schedule in your profile
          </Link>
        </p>
      )}
    </div>
  );
}
