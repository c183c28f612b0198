// A lesson of the content bank: its title, how long it takes, and its text (Markdown, rendered safely).
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { Card, ErrorNotice, Loading, PageTitle } from "../../components/ui";
import { Markdown } from "../../lib/markdown";
import { useResource } from "../../lib/use-resource";

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
