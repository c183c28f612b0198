// The CoachDoc's versions (who, when, by what, which change), newest first, and what one version changed from the
// version before it.
import { useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../../api/client";
import { Button, ErrorNotice, Loading } from "../../../components/ui";
import { formatWhen } from "../../../lib/format";
import { useAction } from "../../../lib/use-resource";
import {
  authorName,
  type CoachDiff,
  type CoachDiffChange,
  type CoachVersionSummary,
  changeLabel,
  formatDay,
  generatorLabel,
  SECTION_LABEL,
} from "./model";

export function CoachHistory({ sessionId, timezone, latest }: { sessionId: string; timezone: string; latest: number }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<CoachVersionSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [diff, setDiff] = useState<CoachDiff | null>(null);
  const load = useAction(async (after: string | null) => {
    const page = await unwrap(
      api.GET("/v1/sessions/{id}/coach/versions", {
        params: { path: { id: sessionId }, query: { limit: 20, ...(after ? { cursor: after } : {}) } },
      }),
    );
    setItems((current) => [...(after ? (current ?? []) : []), ...page.items]);
    setCursor(page.nextCursor);
  });
  const compare = useAction(async (to: number) => {
    setDiff(null);
    setDiff(
      await unwrap(api.GET("/v1/sessions/{id}/coach/diff", { params: { path: { id: sessionId }, query: { to } } })),
    );
  });
  return (
    <section aria-labelledby="coach-history-heading" className="space-y-3 border-t border-slate-200 pt-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="coach-history-heading" className="font-semibold">
          History
        </h3>
        <Button
          variant="ghost"
          aria-expanded={open}
          aria-controls="coach-history"
          onClick={() => {
            if (!open && items === null) void load.run(null);
            setOpen(!open);
          }}
        >
          {open ? "Hide the versions" : `Show the versions (${latest})`}
        </Button>
      </div>
      {open && (
        <div id="coach-history" className="space-y-3">
          {load.pending && items === null && <Loading label="Loading the versions…" />}
          <ErrorNotice error={load.error} />
          {items && (
            <ol className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200" aria-label="Versions">
              {items.map((v) => (
                <li key={v.version} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
                  <div>
                    <p className="font-medium">
                      Version {v.version}: {changeLabel(v.change)} by {authorName(v.author)}
                    </p>
                    <p className="text-sm text-slate-700">
                      {formatWhen(v.createdAt, timezone)} · {generatorLabel(v.generator)}
                    </p>
                  </div>
                  <Button
                    variant="secondary"
                    pending={compare.pending && diff === null}
                    aria-controls="coach-diff"
                    onClick={() => void compare.run(v.version)}
                  >
                    What changed in version {v.version}
                  </Button>
                </li>
              ))}
            </ol>
          )}
          {cursor && (
            <Button variant="secondary" pending={load.pending} onClick={() => void load.run(cursor)}>
              Show older versions
            </Button>
          )}
          <ErrorNotice error={compare.error} />
          {diff && <DiffView key={`${diff.from}-${diff.to}`} diff={diff} />}
        </div>
      )}
    </section>
  );
}

/** A section's item (or text) in a line of words. */
function describe(section: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => describe(section, v)).join("; ");
  if (typeof value !== "object") return String(value);
  const v = value as Record<string, unknown>;
  if (section === "agenda" && typeof v.title === "string")
    return `${v.title} (${v.minutes} min)${v.detail ? `: ${v.detail}` : ""}`;
  if (section === "actionItems" && typeof v.text === "string")
    return `${v.ownerName}: ${v.text} (due ${formatDay(String(v.dueDate))}${v.done ? ", done" : ""})`;
  if (section === "quiz" && typeof v.question === "string") return `${v.question} → ${v.answer}`;
  if (section === "quiz" && typeof v.topic === "string") return `Quiz on ${v.topic}`;
  if (section === "proofChecklist" && typeof v.text === "string") return `${v.text} (proof: ${v.proof})`;
  if (section === "notes" && typeof v.summary === "string") return v.summary;
  return JSON.stringify(value);
}

const KIND = { added: "Added", removed: "Removed", changed: "Changed" } as const;

function changeTitle(c: CoachDiffChange) {
  const what =
    c.section === "notes" && c.id ? (c.id === "summary" ? "Summary" : "Decisions") : SECTION_LABEL[c.section];
  return `${KIND[c.kind]}: ${what}`;
}

function DiffView({ diff }: { diff: CoachDiff }) {
  // Shown on request: focus moves to it, so a screen reader reads what changed next.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section id="coach-diff" aria-labelledby="coach-diff-heading" className="space-y-2 rounded-lg bg-slate-50 p-3">
      <h4 id="coach-diff-heading" ref={heading} className="font-semibold focus:outline-none" tabIndex={-1}>
        {diff.from === 0
          ? `Version ${diff.to}: the first version`
          : `Version ${diff.to} compared with version ${diff.from}`}
      </h4>
      {diff.changes.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing changed.</p>
      ) : (
        <ul className="space-y-3">
          {diff.changes.map((c) => (
            <li key={`${c.section}-${c.id ?? ""}-${c.kind}`} className="space-y-1 text-sm">
              <p className="font-medium">{changeTitle(c)}</p>
              {c.before !== null && c.before !== undefined && (
                <p className="rounded bg-red-50 px-2 py-1 text-red-950">
                  <span className="font-semibold">Before: </span>
                  <del>{describe(c.section, c.before)}</del>
                </p>
              )}
              {c.after !== null && c.after !== undefined && (
                <p className="rounded bg-emerald-50 px-2 py-1 text-emerald-950">
                  <span className="font-semibold">After: </span>
                  <ins className="no-underline">{describe(c.section, c.after)}</ins>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
