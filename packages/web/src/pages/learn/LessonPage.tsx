// A lesson of the content bank: its title, how long it takes, its text (Markdown, rendered safely), and its key
// points, which the learner can add to their reviews to recall from tomorrow.
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { Button, Card, ErrorNotice, Loading, Notice, PageTitle } from "../../components/ui";
import { formatDate } from "../../lib/format";
import { Markdown } from "../../lib/markdown";
import { useAction, useResource } from "../../lib/use-resource";

export function LessonPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const lesson = useResource(() => unwrap(api.GET("/v1/content/lessons/{id}", { params: { path: { id } } })), [id]);
  const l = lesson.data;
  // Opened from a session, Back returns there; opened directly, there is no page of ours to go back to.
  const cameFromApp = typeof window !== "undefined" && (window.history.state as { idx?: number } | null)?.idx;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle={l ? `${l.minutes} min read · ${l.tags.join(", ")}` : undefined}>
        {l ? l.title : "Lesson"}
      </PageTitle>
      {lesson.loading && !l && <Loading label="Loading the lesson…" />}
      <ErrorNotice error={lesson.error} title="This lesson could not be loaded" />
      {l && (
        <Card>
          <p className="mb-4 text-slate-700">{l.summary}</p>
          <Markdown source={l.body} />
        </Card>
      )}
      {l && l.keyPoints.length > 0 && <KeyPoints lesson={l} />}
      <p className="text-sm">
        {cameFromApp ? (
          <button type="button" className="text-indigo-800 underline" onClick={() => navigate(-1)}>
            Go back
          </button>
        ) : (
          <Link to="/learn" className="text-indigo-800 underline">
            Back to Learn
          </Link>
        )}
      </p>
    </div>
  );
}

function KeyPoints({ lesson }: { lesson: Schemas["LearnerLesson"] }) {
  const [done, setDone] = useState<Schemas["KeyPointCards"] | null>(null);
  const add = useAction(async () =>
    setDone(await unwrap(api.POST("/v1/reviews/key-points", { body: { lessonId: lesson.id } }))),
  );
  return (
    <Card aria-labelledby="key-points-heading" className="space-y-3">
      <h2 id="key-points-heading" className="text-lg font-bold">
        Key points
      </h2>
      <ul className="list-disc space-y-1 pl-5">
        {lesson.keyPoints.map((k) => (
          <li key={k.prompt}>{k.prompt}</li>
        ))}
      </ul>
      {done ? (
        <Notice tone="success">
          {done.added > 0
            ? `${done.added} key point${done.added === 1 ? "" : "s"} added to your reviews`
            : "These key points are already in your reviews"}
          {done.firstDueAt && `: they come back for recall from ${formatDate(done.firstDueAt)}.`}{" "}
          <Link to="/reviews" className="font-semibold underline">
            Go to reviews
          </Link>
        </Notice>
      ) : (
        <>
          <ErrorNotice error={add.error} />
          <Button pending={add.pending} onClick={() => void add.run()}>
            Add the key points to my reviews
          </Button>
        </>
      )}
    </Card>
  );
}
