// Create or edit a goal: the sprint, what you want from it, your weekly schedule (one slot per session, a backup
// slot), the proof you will bring, and the dates.
import { type FormEvent, useEffect, useId, useMemo, useState } from "react";
import { loadSprintTypes, PROOF_METHODS, type SprintType } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { Button, Checkbox, ErrorNotice, Loading, SelectField, TextArea, TextField } from "../../components/ui";
import { type LocalWindow, WEEKDAYS } from "../../lib/availability";
import { formatMoney } from "../../lib/format";
import { LIMITS } from "../../lib/limits";
import { allTimezones } from "../../lib/options";
import { useAction, useResource } from "../../lib/use-resource";

export type Goal = Schemas["Goal"];
type Slot = Schemas["WeeklySlot"];
type Status = Goal["status"];

/** Status changes the API allows (a finished goal stays as history). */
const TRANSITIONS: Record<Status, Status[]> = {
  draft: ["active", "abandoned"],
  active: ["paused", "completed", "abandoned"],
  paused: ["active", "abandoned"],
  completed: [],
  abandoned: [],
};
export const STATUS_LABELS: Record<Status, string> = {
  draft: "Draft",
  active: "Active",
  paused: "Paused",
  completed: "Completed",
  abandoned: "Abandoned",
};

const localToday = () => new Date().toLocaleDateString("en-CA");
function nextMonday(): string {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return d.toLocaleDateString("en-CA");
}

/** One slot per weekly session: the starts of the learner's availability first, else evenings spread over the week. */
export function suggestSlots(count: number, minutes: number, availability: readonly LocalWindow[] = []): Slot[] {
  const slots: Slot[] = [];
  const usedDays = new Set<number>();
  for (const w of availability) {
    if (slots.length >= count || usedDays.has(w.weekday)) continue;
    usedDays.add(w.weekday);
    slots.push({ weekday: w.weekday, time: w.start === "24:00" ? "23:00" : w.start, durationMinutes: minutes });
  }
  const spread = [2, 4, 6, 1, 3, 5, 7];
  for (const day of spread) {
    if (slots.length >= count) break;
    if (!usedDays.has(day)) {
      usedDays.add(day);
      slots.push({ weekday: day, time: "18:00", durationMinutes: minutes });
    }
  }
  while (slots.length < count) slots.push({ weekday: 1 + (slots.length % 7), time: "07:00", durationMinutes: minutes });
  return slots.sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

interface Props {
  goal?: Goal;
  timezone: string;
  availability?: readonly LocalWindow[];
  initialSprintType?: string;
  submitLabel: string;
  onBack?: () => void;
  onSaved: (goal: Goal) => Promise<void> | void;
}

/** The fields this form shows errors next to (a path covers the paths under it). */
const GOAL_FIELDS = [
  "sprintType",
  "title",
  "description",
  "schedule.timezone",
  "schedule.defaultSlots",
  "schedule.backupSlot",
  "proofMethod",
  "status",
  "startDate",
  "endDate",
];

export function GoalForm(props: Props) {
  const sprintTypes = useResource(loadSprintTypes, []);
  if (sprintTypes.error) return <ErrorNotice error={sprintTypes.error} title="The sprints could not be loaded" />;
  if (!sprintTypes.data) return <Loading label="Loading sprints…" />;
  return <GoalFormFields {...props} sprintTypes={sprintTypes.data} />;
}

function GoalFormFields({
  goal,
  timezone: defaultTimezone,
  availability,
  initialSprintType,
  submitLabel,
  onBack,
  onSaved,
  sprintTypes,
}: Props & { sprintTypes: SprintType[] }) {
  const [sprintTypeId, setSprintTypeId] = useState(
    goal?.sprintType ?? sprintTypes.find((s) => s.id === initialSprintType)?.id ?? sprintTypes[0]?.id ?? "",
  );
  const sprint = sprintTypes.find((s) => s.id === sprintTypeId);
  const [title, setTitle] = useState(goal?.title ?? "");
  const [description, setDescription] = useState(goal?.description ?? "");
  const [timezone, setTimezone] = useState(goal?.schedule.timezone ?? defaultTimezone);
  const [perWeek, setPerWeek] = useState(goal?.schedule.frequency.sessionsPerWeek ?? sprint?.sessionsPerWeek ?? 1);
  const [slots, setSlots] = useState<Slot[]>(
    () => goal?.schedule.defaultSlots ?? suggestSlots(perWeek, sprint?.sessionMinutes ?? 60, availability),
  );
  const [backup, setBackup] = useState<Slot | null>(goal?.schedule.backupSlot ?? null);
  const [proofMethod, setProofMethod] = useState<Goal["proofMethod"]>(
    goal?.proofMethod ?? sprint?.proofMethods[0] ?? "note",
  );
  const [startDate, setStartDate] = useState(goal?.startDate ?? nextMonday());
  const [endDate, setEndDate] = useState(goal?.endDate ?? "");
  const [status, setStatus] = useState<Status>(goal?.status ?? "active");

  // A new sprint brings its own rhythm: sessions a week, session length and proof methods.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of sprint (when creating) resets these.
  useEffect(() => {
    if (goal || !sprint) return;
    setPerWeek(sprint.sessionsPerWeek);
    setSlots(suggestSlots(sprint.sessionsPerWeek, sprint.sessionMinutes, availability));
    if (!sprint.proofMethods.includes(proofMethod)) setProofMethod(sprint.proofMethods[0]!);
  }, [sprintTypeId]);

  const changePerWeek = (n: number) => {
    setPerWeek(n);
    setSlots((current) =>
      n <= current.length
        ? current.slice(0, n)
        : [...current, ...suggestSlots(n, sprint?.sessionMinutes ?? 60, availability).slice(current.length)],
    );
  };

  const save = useAction(async () => {
    const schedule = { timezone, frequency: { sessionsPerWeek: perWeek }, defaultSlots: slots, backupSlot: backup };
    const saved = goal
      ? await unwrap(
          api.PATCH("/v1/goals/{id}", {
            params: { path: { id: goal.id } },
            body: {
              title,
              description,
              schedule,
              proofMethod,
              startDate,
              ...(endDate ? { endDate } : {}),
              ...(status !== goal.status ? { status } : {}),
            },
          }),
        )
      : await unwrap(
          api.POST("/v1/goals", {
            body: {
              sprintType: sprintTypeId,
              title,
              description,
              schedule,
              proofMethod,
              startDate,
              ...(endDate ? { endDate } : {}),
              status: status === "draft" ? "draft" : "active",
            },
          }),
        );
    await onSaved(saved);
  });
  const fields = save.error?.fieldErrors() ?? {};
  const zones = useMemo(() => allTimezones(timezone), [timezone]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };

  return (
    <form className="space-y-5" onSubmit={submit} noValidate>
      {goal ? (
        <p className="text-sm text-slate-700">
          Sprint: <strong>{sprint?.name ?? goal.sprintType}</strong>
        </p>
      ) : (
        <SelectField
          label="Sprint"
          value={sprintTypeId}
          onChange={(e) => setSprintTypeId(e.target.value)}
          error={fields.sprintType}
          hint={
            sprint &&
            `${sprint.durationWeeks} weeks · ${sprint.sessionsPerWeek} session${sprint.sessionsPerWeek > 1 ? "s" : ""} a week of ${sprint.sessionMinutes} min · deposit ${formatMoney(sprint.deposit.amountCents, sprint.deposit.currency)}, refunded as you keep sessions`
          }
        >
          {sprintTypes.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Goal"
        placeholder={
          sprint?.id === "gym_3x_week" ? "e.g. Train three times a week for a month" : "e.g. Ship a small LLM tool"
        }
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fields.title}
        maxLength={LIMITS.goalTitle.max}
        required
      />
      <TextArea
        label="Why it matters to you (optional)"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={fields.description}
        maxLength={LIMITS.goalDescription.max}
      />
      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3">
        <legend className="px-1 font-semibold">Weekly schedule</legend>
        {goal?.pod && (
          <p className="rounded-md bg-indigo-50 p-3 text-sm text-indigo-950">
            <span className="font-semibold">Your pod meets {goal.pod.meetingTimes.join(", ")}</span> (
            {goal.schedule.timezone}): those are your sessions. The times below were your preference for matching.
          </p>
        )}
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField
            label="Timezone of these times"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            error={fields["schedule.timezone"]}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Sessions a week"
            value={String(perWeek)}
            onChange={(e) => changePerWeek(Number(e.target.value))}
            hint={sprint ? `The sprint plans ${sprint.sessionsPerWeek}.` : undefined}
          >
            {Array.from({ length: 7 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </SelectField>
        </div>
        {slots.map((slot, i) => (
          <SlotFields
            // biome-ignore lint/suspicious/noArrayIndexKey: slots are positions in the week's list, edited in place.
            key={i}
            legend={`Session ${i + 1}`}
            slot={slot}
            error={fields[`schedule.defaultSlots.${i}`] ?? (i === 0 ? fields["schedule.defaultSlots"] : undefined)}
            onChange={(s) => setSlots(slots.map((x, j) => (j === i ? s : x)))}
          />
        ))}
        <Checkbox
          label="Keep a backup slot"
          hint="Where a missed session moves to."
          checked={backup !== null}
          onChange={(e) =>
            setBackup(
              e.target.checked ? { weekday: 7, time: "10:00", durationMinutes: sprint?.sessionMinutes ?? 60 } : null,
            )
          }
        />
        {backup && (
          <SlotFields legend="Backup slot" slot={backup} onChange={setBackup} error={fields["schedule.backupSlot"]} />
        )}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Proof of effort"
          value={proofMethod}
          onChange={(e) => setProofMethod(e.target.value as Goal["proofMethod"])}
          error={fields.proofMethod}
        >
          {(sprint?.proofMethods ?? [proofMethod]).map((m) => (
            <option key={m} value={m}>
              {PROOF_METHODS[m]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status)}
          error={fields.status}
        >
          {(goal ? [goal.status, ...TRANSITIONS[goal.status]] : (["active", "draft"] as Status[])).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Start date"
          type="date"
          min={goal ? undefined : localToday()}
          value={startDate}
          onChange={(e) => setStartDate(e.target.value)}
          error={fields.startDate}
        />
        <TextField
          label="End date (optional)"
          type="date"
          value={endDate}
          min={startDate}
          onChange={(e) => setEndDate(e.target.value)}
          error={fields.endDate}
          hint={goal ? undefined : sprint && `Left empty: ${sprint.durationWeeks} weeks after the start.`}
        />
      </div>
      <ErrorNotice error={save.error} shownFields={GOAL_FIELDS} />
      <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-between">
        {onBack ? (
          <Button variant="secondary" onClick={onBack}>
            Back
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" pending={save.pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

const DURATIONS = [15, 30, 45, 60, 90, 120];

function SlotFields({
  legend,
  slot,
  error,
  onChange,
}: {
  legend: string;
  slot: Slot;
  error?: string;
  onChange: (s: Slot) => void;
}) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1 text-sm font-semibold text-slate-800">{legend}</legend>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        <SelectField
          label="Day"
          value={String(slot.weekday)}
          onChange={(e) => onChange({ ...slot, weekday: Number(e.target.value) })}
        >
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Time"
          type="time"
          step={900}
          value={slot.time}
          onChange={(e) => onChange({ ...slot, time: e.target.value })}
        />
        <SelectField
          label="Length"
          value={String(slot.durationMinutes)}
          onChange={(e) => onChange({ ...slot, durationMinutes: Number(e.target.value) })}
        >
          {[...new Set([...DURATIONS, slot.durationMinutes])]
            .sort((a, b) => a - b)
            .map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
        </SelectField>
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
