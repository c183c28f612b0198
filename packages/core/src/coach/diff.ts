// What changed between two versions of a CoachDoc: items matched by id within each section, the notes' summary and
// decisions as two entries, the quiz as a whole (its topic) plus its items.
import type { CoachDiffChange } from "./model.js";

type Sections = {
  agenda: { id: string }[];
  notes: { summary: string; decisions: string[] };
  actionItems: { id: string }[];
  quiz: { topic: string; items: { id: string }[] } | null;
  proofChecklist: { items: { id: string }[] } | null;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffItems(section: CoachDiffChange["section"], before: { id: string }[], after: { id: string }[]) {
  const changes: CoachDiffChange[] = [];
  const old = new Map(before.map((i) => [i.id, i]));
  const now = new Map(after.map((i) => [i.id, i]));
  for (const i of before)
    if (!now.has(i.id)) changes.push({ section, kind: "removed", id: i.id, before: i, after: null });
  for (const i of after) {
    const was = old.get(i.id);
    if (!was) changes.push({ section, kind: "added", id: i.id, before: null, after: i });
    else if (!same(was, i)) changes.push({ section, kind: "changed", id: i.id, before: was, after: i });
  }
  return changes;
}

function diffValue(section: CoachDiffChange["section"], id: string | null, before: unknown, after: unknown) {
  if (same(before, after)) return [];
  const empty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  const kind: CoachDiffChange["kind"] = empty(before) ? "added" : empty(after) ? "removed" : "changed";
  return [{ section, kind, id, before: before ?? null, after: after ?? null }];
}

export function diffDocs(a: Sections, b: Sections): CoachDiffChange[] {
  return [
    ...diffItems("agenda", a.agenda, b.agenda),
    ...diffValue("notes", "summary", a.notes.summary, b.notes.summary),
    ...diffValue("notes", "decisions", a.notes.decisions, b.notes.decisions),
    ...diffItems("actionItems", a.actionItems, b.actionItems),
    ...diffValue("quiz", "topic", a.quiz?.topic ?? null, b.quiz?.topic ?? null),
    ...diffItems("quiz", a.quiz?.items ?? [], b.quiz?.items ?? []),
    ...diffItems("proofChecklist", a.proofChecklist?.items ?? [], b.proofChecklist?.items ?? []),
  ];
}
