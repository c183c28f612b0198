// A compatibility score, component by component, with what each one measures (the formula is docs/matching.md).
import { useId } from "react";
import type { Schemas } from "../api/client";
import { percent } from "../lib/format";

export type Score = Schemas["MatchCandidate"]["score"];

export const COMPONENTS: { key: Exclude<keyof Score, "overall">; label: string; weight: number; explains: string }[] = [
  {
    key: "availabilityOverlap",
    label: "Shared availability",
    weight: 0.4,
    explains:
      "How much free time you share, measured against whoever has the fewest free hours: 100% can be only a few hours if that person has few. It weighs most: it makes moving a session easy.",
  },
  {
    key: "timezoneMatch",
    label: "Timezone",
    weight: 0.2,
    explains: "How close your clocks are: the same offset scores 100%, 12 hours apart 0%.",
  },
  {
    key: "experienceLevel",
    label: "Experience",
    weight: 0.2,
    explains: "The same level scores 100%, the next level 50%, beginner with advanced 0%.",
  },
  {
    key: "collaborationStyle",
    label: "Collaboration style",
    weight: 0.2,
    explains: "How well your ways of working fit: focused styles suit each other, as do the looser ones.",
  },
];

export function ScoreBreakdown({ score, title = "Compatibility" }: { score: Score; title?: string }) {
  const id = useId();
  return (
    <div className="space-y-3">
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-semibold">{title}</span>
        <span className="text-2xl font-bold tabular-nums text-indigo-800">{percent(score.overall)}</span>
      </p>
      <dl className="space-y-2">
        {COMPONENTS.map((c) => (
          <div key={c.key}>
            <dt className="flex justify-between text-sm">
              <span className="font-medium text-slate-800">
                {c.label} <span className="font-normal text-slate-600">(weight {percent(c.weight)})</span>
              </span>
              <span className="tabular-nums font-semibold">{percent(score[c.key])}</span>
            </dt>
            <dd>
              <meter id={`${id}-${c.key}`} className="sr-only" min={0} max={1} value={score[c.key]}>
                {percent(score[c.key])}
              </meter>
              <div aria-hidden="true" className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200">
                <div className="h-full rounded-full bg-indigo-600" style={{ width: percent(score[c.key]) }} />
              </div>
              <p className="mt-1 text-xs text-slate-600">{c.explains}</p>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-600">
        Overall = 40% shared availability + 20% each for timezone, experience and collaboration style.
      </p>
    </div>
  );
}
