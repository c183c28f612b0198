// The tutor's home: pick a content track (the one of my goal or pod first), take the diagnostic or practise, and
// resume or look back at my learning sessions.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import {
  Button,
  buttonClass,
  Card,
  EmptyState,
  ErrorNotice,
  Loading,
  PageTitle,
  SelectField,
} from "../../components/ui";
import { formatWhen } from "../../lib/format";
import { useAction, useResource } from "../../lib/use-resource";
import { MODE_LABELS } from "./labels";

type Mode = Schemas["StartLearningSession"]["mode"];

interface Track {
  id: string;
  name: string;
}

/** The catalog's content tracks (one per sprint type) and the one of my goal, active ones first, if I have one. */
async function loadTracks(): Promise<{ tracks: Track[]; mine: string | undefined }> {
  const [sprintTypes, goals] = await Promise.all([
    loadSprintTypes(),
    // Only a convenience: the page works without it.
    unwrap(api.GET("/v1/goals", { params: { query: { limit: 50 } } })).catch(() => ({ items: [] })),
  ]);
  const tracks: Track[] = [];
  for (const s of sprintTypes)
    if (!tracks.some((t) => t.id === s.contentTrack)) tracks.push({ id: s.contentTrack, name: s.name });
  const rank = (status: string) => (status === "active" ? 0 : status === "draft" || status === "paused" ? 1 : 2);
  const goal = [...goals.items].sort((a, b) => rank(a.status) - rank(b.status))[0];
  const mine = goal ? sprintTypes.find((s) => s.id === goal.sprintType)?.contentTrack : undefined;
  return { tracks, mine };
}

export function LearnPage() {
  const navigate = useNavigate();
  const tracks = useResource(loadTracks, []);
  const sessions = useResource(async () => (await unwrap(api.GET("/v1/learning-sessions"))).items, []);
  const [picked, setPicked] = useState("");
  const track = picked || tracks.data?.mine || tracks.data?.tracks[0]?.id || "";
  const names = new Map(tracks.data?.tracks.map((t) => [t.id, t.name]));

  const start = useAction(async (mode: Mode) => {
    const session = await unwrap(api.POST("/v1/learning-sessions", { body: { mode, track } }));
    navigate(`/learn/sessions/${session.id}`);
  });
  const [starting, setStarting] = useState<Mode | null>(null);
  const begin = (mode: Mode) => {
    setStarting(mode);
    void start.run(mode);
  };

  return (
    <div className="space-y-6">
      <PageTitle subtitle="Practise with a tutor that nudges instead of telling. Hints come one step at a time.">
        Learn
      </PageTitle>
      <Card aria-labelledby="start-heading" className="space-y-4">
        <h2 id="start-heading" className="text-lg font-bold">
          Start
        </h2>
        {tracks.loading && !tracks.data && <Loading label="Loading the tracks…" />}
        <ErrorNotice error={tracks.error} title="The tracks could not be loaded" />
        {tracks.data && (
          <>
            <SelectField label="Track" value={track} onChange={(e) => setPicked(e.target.value)}>
              {tracks.data.tracks.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </SelectField>
            <p className="text-sm text-slate-700">
              The diagnostic asks up to 12 items to find where you stand. Practice picks items that stretch you, and
              brings back the ones you missed.
            </p>
            <ErrorNotice error={start.error} title="The session could not be started" />
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button pending={start.pending && starting === "diagnostic"} onClick={() => begin("diagnostic")}>
                Take the diagnostic
              </Button>
              <Button
                variant="secondary"
                pending={start.pending && starting === "practice"}
                onClick={() => begin("practice")}
              >
                Practise
              </Button>
            </div>
          </>
        )}
      </Card>
      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-3 text-lg font-bold">
          Your learning sessions
        </h2>
        {sessions.loading && !sessions.data && <Loading label="Loading your sessions…" />}
        <ErrorNotice error={sessions.error} title="Your sessions could not be loaded" />
        {sessions.data && sessions.data.length === 0 && (
          <EmptyState title="No sessions yet">
            <p>Start with the diagnostic: it places you, so practice begins at the right level.</p>
          </EmptyState>
        )}
        {sessions.data && sessions.data.length > 0 && (
          <ul className="divide-y divide-slate-200">
            {sessions.data.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-semibold">
                    {MODE_LABELS[s.mode]} · {names.get(s.track) ?? s.track}
                  </p>
                  <p className="text-sm text-slate-700">
                    Started <time dateTime={s.startedAt}>{formatWhen(s.startedAt)}</time> · {s.itemsDone}{" "}
                    {s.itemsDone === 1 ? "item" : "items"} done · {s.status === "active" ? "in progress" : "ended"}
                  </p>
                </div>
                <Link
                  to={`/learn/sessions/${s.id}`}
                  className={buttonClass(s.status === "active" ? "primary" : "secondary")}
                  aria-label={`${s.status === "active" ? "Resume" : "Review"} the ${MODE_LABELS[s.mode].toLowerCase()} started ${formatWhen(s.startedAt)}`}
                >
                  {s.status === "active" ? "Resume" : "Review"}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
