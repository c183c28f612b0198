// Admin: the question bank and lessons of a track — list them with status and version, edit one as JSON (saved as
// a draft, guarded by its version), publish or archive it, import a content pack (checked first with a dry run) and
// export the track as a pack.
import { type FormEvent, useState } from "react";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError, asApiError } from "../../api/errors";
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
import { useAction, useResource } from "../../lib/use-resource";

type Kind = "questions" | "lessons";
/** An authored item as JSON: the editor shows it whole, the list only needs its title. */
type Body = { title: string } & Record<string, unknown>;
type Head = Omit<Schemas["AuthoredLesson"], "draft" | "published"> & { draft: Body | null; published: Body | null };
type HeadWithVersions = Head & { versions: { number: number; publishedAt: string; publishedBy: string }[] };
type Report = Schemas["PackReport"];

const STATUS_LABELS: Record<Head["status"], string> = {
  draft: "Draft",
  published: "Published",
  archived: "Archived",
};

const titleOf = (h: Head) => (h.draft ?? h.published)?.title ?? h.id;

async function loadTracks() {
  const sprintTypes = await loadSprintTypes();
  const tracks: { track: string; name: string; pack: string }[] = [];
  for (const s of sprintTypes)
    if (!tracks.some((t) => t.track === s.contentTrack))
      tracks.push({ track: s.contentTrack, name: s.name, pack: s.id });
  return tracks;
}

async function loadHeads(kind: Kind, track: string): Promise<Head[]> {
  const query = { params: { query: { track } } };
  const page =
    kind === "questions"
      ? await unwrap(api.GET("/v1/admin/content/questions", query))
      : await unwrap(api.GET("/v1/admin/content/lessons", query));
  return page.items as Head[];
}

export function AdminContentPage() {
  const me = useMe();
  const tracks = useResource(loadTracks, []);
  const [picked, setPicked] = useState("");
  const [kind, setKind] = useState<Kind>("questions");
  const [editing, setEditing] = useState<string | null>(null);
  const track = picked || tracks.data?.[0]?.track || "";
  const heads = useResource(async () => (track ? loadHeads(kind, track) : []), [kind, track]);

  if (me.role !== "admin") {
    return (
      <>
        <PageTitle>Content</PageTitle>
        <Notice tone="warning">This page is for administrators.</Notice>
      </>
    );
  }
  const packName = tracks.data?.find((t) => t.track === track)?.pack ?? track.replace(/-/g, "_");
  return (
    <div className="space-y-6">
      <PageTitle subtitle="The question bank and lessons learners are offered, by track.">Content</PageTitle>
      <AdminLinks current="/admin/content" />
      <Card className="space-y-4">
        {tracks.loading && !tracks.data && <Loading />}
        <ErrorNotice error={tracks.error} />
        {tracks.data && (
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Track"
              value={track}
              onChange={(e) => {
                setPicked(e.target.value);
                setEditing(null);
              }}
            >
              {tracks.data.map((t) => (
                <option key={t.track} value={t.track}>
                  {t.name} ({t.track})
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Show"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setEditing(null);
              }}
            >
              <option value="questions">Questions</option>
              <option value="lessons">Lessons</option>
            </SelectField>
          </div>
        )}
        {track && <ExportButton track={track} name={packName} />}
      </Card>

      {editing && (
        <Editor
          key={`${kind}:${editing}`}
          kind={kind}
          id={editing}
          onClose={() => setEditing(null)}
          onChanged={() => void heads.reload()}
        />
      )}

      <PackImport onImported={() => void heads.reload()} />

      <Card aria-labelledby="items-heading">
        <h2 id="items-heading" className="mb-3 text-lg font-bold">
          {kind === "questions" ? "Questions" : "Lessons"}
          {heads.data && ` (${heads.data.length})`}
        </h2>
        {heads.loading && !heads.data && <Loading />}
        <ErrorNotice error={heads.error} />
        {heads.data && heads.data.length === 0 && <EmptyState title={`No ${kind} in this track yet`} />}
        {heads.data && heads.data.length > 0 && (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="px-2 py-1">
                    Id and title
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Status
                  </th>
                  <th scope="col" className="px-2 py-1">
                    Version
                  </th>
                  <th scope="col" className="px-2 py-1">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {heads.data.map((h) => (
                  <tr key={h.id} className="border-b border-slate-200">
                    <td className="px-2 py-2">
                      <span className="block font-mono text-xs text-slate-700">{h.id}</span>
                      <span className="block">{titleOf(h)}</span>
                    </td>
                    <td className="px-2 py-2">
                      {STATUS_LABELS[h.status]}
                      {h.draft && h.status !== "draft" && (
                        <span className="block text-xs text-amber-800">draft pending</span>
                      )}
                    </td>
                    <td className="px-2 py-2 tabular-nums">
                      {h.publishedVersion > 0 ? `v${h.publishedVersion}` : "—"}
                    </td>
                    <td className="px-2 py-2 text-right">
                      <Button variant="ghost" aria-label={`Edit ${h.id}`} onClick={() => setEditing(h.id)}>
                        Edit
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

function ExportButton({ track, name }: { track: string; name: string }) {
  const exportPack = useAction(async () => {
    const pack = await unwrap(api.GET("/v1/admin/content/packs/export", { params: { query: { track, name } } }));
    const href = URL.createObjectURL(new Blob([JSON.stringify(pack, null, 2)], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = href;
    a.download = `${name}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  });
  return (
    <div className="space-y-2">
      <ErrorNotice error={exportPack.error} />
      <Button variant="secondary" pending={exportPack.pending} onClick={() => void exportPack.run()}>
        Export the track as a pack (.json)
      </Button>
    </div>
  );
}

/** One item as JSON: what is pending (the draft) or else what is published. */
function Editor({
  kind,
  id,
  onClose,
  onChanged,
}: {
  kind: Kind;
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const path = { params: { path: { id } } };
  const [text, setText] = useState<string | null>(null);
  const head = useResource(async () => {
    const h =
      kind === "questions"
        ? await unwrap(api.GET("/v1/admin/content/questions/{id}", path))
        : await unwrap(api.GET("/v1/admin/content/lessons/{id}", path));
    setText(JSON.stringify(h.draft ?? h.published, null, 2));
    return h as HeadWithVersions;
  }, [kind, id]);
  const [saved, setSaved] = useState<string | null>(null);
  const h = head.data;

  const save = useAction(async () => {
    let body: unknown;
    try {
      body = JSON.parse(text ?? "");
    } catch (e) {
      throw new ApiError(0, "client.json", `This is not valid JSON: ${(e as Error).message}`, null);
    }
    const options = { ...path, body: body as never, headers: { "If-Match": String(h!.version) } };
    const next =
      kind === "questions"
        ? await unwrap(api.PUT("/v1/admin/content/questions/{id}", options))
        : await unwrap(api.PUT("/v1/admin/content/lessons/{id}", options));
    head.set((old) => ({ ...old!, ...(next as Head) }));
    setSaved("Saved as a draft. Publish it to offer it to learners.");
    onChanged();
  });
  const act = useAction(async (action: "publish" | "archive") => {
    const next =
      kind === "questions"
        ? await unwrap(
            action === "publish"
              ? api.POST("/v1/admin/content/questions/{id}/publish", path)
              : api.POST("/v1/admin/content/questions/{id}/archive", path),
          )
        : await unwrap(
            action === "publish"
              ? api.POST("/v1/admin/content/lessons/{id}/publish", path)
              : api.POST("/v1/admin/content/lessons/{id}/archive", path),
          );
    head.set((old) => ({ ...old!, ...(next as Head) }));
    setSaved(action === "publish" ? `Published as version ${next.publishedVersion}.` : "Archived.");
    onChanged();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    void save.run();
  };
  const conflict = save.error?.status === 409 ? save.error : undefined;
  const reload = () => {
    save.clearError();
    setSaved(null);
    void head.reload();
  };

  return (
    <Card aria-labelledby="editor-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="editor-heading" className="text-lg font-bold">
          Edit <span className="font-mono">{id}</span>
        </h2>
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {head.loading && !h && <Loading />}
      <ErrorNotice error={head.error} />
      {h && text !== null && (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <p className="text-sm text-slate-700">
            {STATUS_LABELS[h.status]}
            {h.publishedVersion > 0 && ` · published version ${h.publishedVersion}`}
            {h.publishedAt && ` (${formatWhen(h.publishedAt)})`}
            {h.draft ? " · editing the pending draft" : " · editing a copy of the published version"} · last changed{" "}
            {formatWhen(h.updatedAt)}
          </p>
          <TextArea
            label="Item (JSON)"
            value={text}
            rows={20}
            spellCheck={false}
            className="font-mono text-sm"
            onChange={(e) => setText(e.target.value)}
          />
          {conflict ? (
            <div role="alert" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
              <p className="font-semibold">This item changed since you opened it, reload.</p>
              <p>Someone saved it in the meantime. Copy your changes if you need them, then reload to see theirs.</p>
              <Button variant="secondary" onClick={reload}>
                Reload the item
              </Button>
            </div>
          ) : (
            <ErrorNotice error={save.error ?? act.error} title="Not saved" />
          )}
          {save.error && save.error.issues().length > 0 && (
            <ul className="list-disc pl-5 text-sm text-red-900">
              {save.error.issues().map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <code className="font-mono">{i.path || "(item)"}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
          {saved && <Notice tone="success">{saved}</Notice>}
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" pending={save.pending}>
              Save draft
            </Button>
            <Button variant="secondary" pending={act.pending} onClick={() => void act.run("publish")}>
              Publish
            </Button>
            <Button variant="danger" pending={act.pending} onClick={() => void act.run("archive")}>
              Archive
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

function reportOf(e: ApiError | undefined): Report | undefined {
  const report = e?.details?.report as Report | undefined;
  return report && Array.isArray(report.problems) ? report : undefined;
}

function PackImport({ onImported }: { onImported: () => void }) {
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<{ report: Report; dryRun: boolean } | null>(null);
  const run = useAction(async (dryRun: boolean) => {
    setResult(null);
    let pack: unknown;
    try {
      pack = JSON.parse(text);
    } catch (e) {
      throw new ApiError(0, "client.json", `The pack is not valid JSON: ${(e as Error).message}`, null);
    }
    const report = await unwrap(api.POST("/v1/admin/content/packs/import", { body: { pack, dryRun, publish: true } }));
    setResult({ report, dryRun });
    if (!dryRun) onImported();
  });
  const failed = reportOf(run.error);
  const report = result?.report ?? failed;
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setText(await file.text());
      setFileName(file.name);
      setResult(null);
      run.clearError();
    } catch (e) {
      setFileName(`${file.name}: ${asApiError(e).message}`);
    }
  };
  return (
    <Card aria-labelledby="import-heading" className="space-y-4">
      <h2 id="import-heading" className="text-lg font-bold">
        Import a content pack
      </h2>
      <p className="text-sm text-slate-700">
        A pack is checked in full first: one with any problem imports nothing. Check it with a dry run, then import it;
        new and changed items are published.
      </p>
      <TextArea
        label="Pack (JSON)"
        value={text}
        rows={10}
        spellCheck={false}
        className="font-mono text-sm"
        onChange={(e) => {
          setText(e.target.value);
          setResult(null);
        }}
      />
      <TextField
        label="Or choose a file"
        type="file"
        accept="application/json,.json"
        hint={fileName ? `Read ${fileName}.` : undefined}
        onChange={(e) => void readFile(e.target.files?.[0])}
      />
      {run.error && !failed && <ErrorNotice error={run.error} title="The pack was not imported" />}
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button variant="secondary" pending={run.pending} disabled={!text.trim()} onClick={() => void run.run(true)}>
          Check (dry run)
        </Button>
        <Button pending={run.pending} disabled={!text.trim()} onClick={() => void run.run(false)}>
          Import and publish
        </Button>
      </div>
      {report && <PackReportView report={report} dryRun={result?.dryRun ?? true} failed={!!failed} />}
    </Card>
  );
}

function PackReportView({ report, dryRun, failed }: { report: Report; dryRun: boolean; failed: boolean }) {
  const changed = report.changes.filter((c) => c.change !== "unchanged");
  const unchanged = report.changes.length - changed.length;
  return (
    <section aria-labelledby="report-heading" aria-live="polite" className="space-y-3">
      <h3 id="report-heading" className="font-bold">
        {failed
          ? `The pack has ${report.problems.length} ${report.problems.length === 1 ? "problem" : "problems"}`
          : dryRun
            ? "The pack is valid (dry run: nothing was written)"
            : "The pack was imported"}
      </h3>
      {report.problems.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">Nothing was imported. Fix these and check again:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {report.problems.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <code className="font-mono">{p.path || "(pack)"}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="grid grid-cols-3 gap-2 text-sm">
        {[
          ["Questions", report.counts.questions],
          ["Lessons", report.counts.lessons],
          ["Code exercises", report.counts.codeExercises],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 p-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-lg font-bold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {!failed && (
        <>
          <p className="text-sm">
            {changed.length === 0
              ? "No item changes."
              : `${changed.length} ${changed.length === 1 ? "item" : "items"} ${dryRun ? "would change" : "changed"}`}
            {unchanged > 0 && `, ${unchanged} unchanged`}.
          </p>
          {changed.length > 0 && (
            <ul aria-label="Changes" className="list-disc pl-5 text-sm">
              {changed.map((c) => (
                <li key={`${c.kind}:${c.id}`}>
                  {c.change === "new" ? "New" : "Changed"} {c.kind}: <code className="font-mono">{c.id}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
