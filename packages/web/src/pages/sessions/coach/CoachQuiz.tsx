// The session's quiz: one question at a time, the answer revealed on request, graded by the member (or skipped),
// and "add to my reviews" so the questions come back as recall cards (once each, however often it is pressed).
import { useState } from "react";
import { Link } from "react-router";
import { api, type Schemas, unwrap } from "../../../api/client";
import { Button, ErrorNotice, Notice } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { useAction } from "../../../lib/use-resource";

type Quiz = NonNullable<Schemas["Quiz"]>;

export function CoachQuiz({ sessionId, quiz }: { sessionId: string; quiz: Quiz }) {
  const [at, setAt] = useState(0);
  const [shown, setShown] = useState(false);
  const [knew, setKnew] = useState(0);
  const [graded, setGraded] = useState(0);
  const [added, setAdded] = useState<Schemas["KeyPointCards"] | null>(null);
  const add = useAction(async () =>
    setAdded(await unwrap(api.POST("/v1/sessions/{id}/coach/quiz/reviews", { params: { path: { id: sessionId } } }))),
  );
  const total = quiz.items.length;
  const item = quiz.items[at];
  const next = (grade?: "knew" | "not_yet") => {
    if (grade) {
      setGraded((g) => g + 1);
      if (grade === "knew") setKnew((k) => k + 1);
    }
    setShown(false);
    setAt((i) => i + 1);
  };
  return (
    <section aria-labelledby="coach-quiz-heading" className="space-y-3 border-t border-slate-200 pt-4">
      <div>
        <h3 id="coach-quiz-heading" className="font-semibold">
          Quiz: {quiz.topic}
        </h3>
        <p className="text-sm text-slate-700">{total} questions from the session, to check what stuck.</p>
      </div>
      {item ? (
        <div className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200" aria-live="polite">
          <p className="text-sm font-medium text-slate-700">
            Question {at + 1} of {total}
          </p>
          <p className="font-medium">{item.question}</p>
          {shown ? (
            <>
              <div>
                <h4 className="text-sm font-semibold">Answer</h4>
                <p>{item.answer}</p>
              </div>
              <fieldset>
                <legend className="mb-2 text-sm font-medium">Did you know it?</legend>
                <div className="flex flex-col gap-2 sm:flex-row">
                  <Button onClick={() => next("knew")}>I knew it</Button>
                  <Button variant="secondary" onClick={() => next("not_yet")}>
                    Not yet
                  </Button>
                </div>
              </fieldset>
            </>
          ) : (
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button onClick={() => setShown(true)}>Show the answer</Button>
              <Button variant="ghost" onClick={() => next()}>
                Next question
              </Button>
            </div>
          )}
        </div>
      ) : (
        <div className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200" aria-live="polite">
          <p className="font-medium">Quiz done{graded > 0 ? `: you knew ${knew} of ${graded} you graded.` : "."}</p>
          <Button
            variant="secondary"
            onClick={() => {
              setAt(0);
              setKnew(0);
              setGraded(0);
              setShown(false);
            }}
          >
            Take it again
          </Button>
        </div>
      )}
      {added ? (
        <Notice tone="success">
          {added.added > 0
            ? `${added.added} question${added.added === 1 ? "" : "s"} added to your reviews`
            : "This quiz is already in your reviews"}
          {added.firstDueAt ? `: they come back for recall from ${formatDate(added.firstDueAt)}.` : "."}{" "}
          <Link to="/reviews" className="font-semibold underline">
            Go to reviews
          </Link>
        </Notice>
      ) : (
        <>
          <ErrorNotice error={add.error} />
          <Button variant="secondary" pending={add.pending} onClick={() => void add.run()}>
            Add the quiz to my reviews
          </Button>
        </>
      )}
    </section>
  );
}
