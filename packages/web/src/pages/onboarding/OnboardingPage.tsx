// The onboarding wizard: about you, timezone, availability, how you like to work, a first goal. Resumable: the
// server keeps which steps are done and where the learner stopped.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { getPreferences, type Preferences, updatePreferences } from "../../api/preferences";
import { useMe, useSession } from "../../auth/session";
import { AvailabilityGrid } from "../../components/AvailabilityGrid";
import {
  Button,
  buttonClass,
  Card,
  ChoiceGroup,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  SelectField,
  TextField,
} from "../../components/ui";
import { cellsToWindows, windowsToCells } from "../../lib/availability";
import { useDraft } from "../../lib/draft";
import { LIMITS } from "../../lib/limits";
import {
  allTimezones,
  COLLABORATION_STYLES,
  type CollaborationStyle,
  canonicalTimezone,
  detectLanguage,
  detectTimezone,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  LANGUAGES,
  languageList,
  languageName,
  sprintLanguages,
} from "../../lib/options";
import { useAction, useResource } from "../../lib/use-resource";
import { GoalForm } from "../goals/GoalForm";

type StepId = Schemas["Onboarding"]["steps"][number]["id"];

const STEPS: { id: StepId; title: string; intro: string }[] = [
  { id: "profile", title: "About you", intro: "Your pod-mates see your name. Pods meet in one language." },
  { id: "timezone", title: "Your timezone", intro: "We show every session in your local time." },
  { id: "availability", title: "When you can meet", intro: "Mark the hours you can usually make, every week." },
  { id: "preferences", title: "How you like to work", intro: "We match you with people who work like you." },
  { id: "goal", title: "Your first goal", intro: "Pick a sprint and say what you want from it." },
];

export function OnboardingPage() {
  const navigate = useNavigate();
  const { step: stepParam } = useParams();
  const data = useResource(async () => {
    const [onboarding, preferences] = await Promise.all([unwrap(api.GET("/v1/me/onboarding")), getPreferences()]);
    return { onboarding, preferences };
  }, []);
  // Each step is its own URL, so Back and Forward move between steps and a reload stays on the step.
  const found = STEPS.findIndex((s) => s.id === stepParam);
  const index = found >= 0 ? found : null;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<number | null>(null);

  // /onboarding (or an unknown step): resume where the learner stopped, or at the first step. A finished
  // onboarding opened without a step shows the "all set" view instead.
  const resumeAt = data.data?.onboarding.currentStep ?? STEPS[0]!.id;
  const finished = data.data?.onboarding.completed === true;
  useEffect(() => {
    if (index !== null || !data.data || (finished && stepParam === undefined)) return;
    navigate(`/onboarding/${resumeAt}`, { replace: true });
  }, [index, data.data, finished, stepParam, resumeAt, navigate]);

  // The server remembers the step shown, so signing in elsewhere resumes here.
  const current = data.data?.onboarding.currentStep;
  useEffect(() => {
    if (index === null || !data.data || finished) return;
    const id = STEPS[index]!.id;
    if (current === id) return;
    void api.PATCH("/v1/me/onboarding", { body: { currentStep: id } }).then(({ data: onboarding }) => {
      if (onboarding) data.set((d) => ({ ...d!, onboarding }));
    });
  }, [index, data.data, current, finished]);

  // Each new step is announced by moving focus to its heading (not on the first render: the page title has it).
  useEffect(() => {
    if (index === null) return;
    if (shownStep.current !== null && shownStep.current !== index) headingRef.current?.focus();
    shownStep.current = index;
  }, [index]);

  const advance = useAction(async (step: StepId, finishedAt: string = "/matches") => {
    const at = STEPS.findIndex((s) => s.id === step);
    const next = STEPS[at + 1];
    const onboarding = await unwrap(
      api.PATCH("/v1/me/onboarding", { body: { step, completed: true, ...(next ? { currentStep: next.id } : {}) } }),
    );
    if (!next) {
      navigate(finishedAt, { replace: true, state: { onboarded: true } });
      return;
    }
    data.set((current) => ({ ...current!, onboarding }));
    navigate(`/onboarding/${next.id}`);
  });

  const back = () => {
    if (index === null || index === 0) return;
    navigate(`/onboarding/${STEPS[index - 1]!.id}`);
  };

  if (data.error && !data.data) {
    return (
      <>
        <PageTitle>Set up your account</PageTitle>
        <ErrorNotice error={data.error} title="Your onboarding could not be loaded" />
      </>
    );
  }
  if (finished && index === null && stepParam === undefined) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <PageTitle>Set up your account</PageTitle>
        <Notice tone="success">Your account is set up. You can change any of it on your profile.</Notice>
        <div className="flex flex-wrap gap-2">
          <Link to="/" className={buttonClass("primary")}>
            Go to your home page
          </Link>
          <Link to="/profile" className={buttonClass("secondary")}>
            Profile and preferences
          </Link>
        </div>
      </div>
    );
  }
  if (!data.data || index === null) {
    return (
      <>
        <PageTitle>Set up your account</PageTitle>
        <Loading />
      </>
    );
  }

  const step = STEPS[index]!;
  const done = new Set(data.data.onboarding.steps.filter((s) => s.completed).map((s) => s.id));
  const stepProps = {
    preferences: data.data.preferences,
    onPreferences: (preferences: Preferences) => data.set((current) => ({ ...current!, preferences })),
    onDone: (finishedAt?: string) => advance.run(step.id, finishedAt),
    onBack: index > 0 ? back : undefined,
  };

  return (
    <div className="mx-auto max-w-3xl">
      <PageTitle subtitle="Five short steps. You can leave and come back; we keep your place.">
        Set up your account
      </PageTitle>
      <nav aria-label="Onboarding steps" className="mb-6">
        <ol className="flex gap-1 sm:gap-2">
          {STEPS.map((s, i) => (
            <li key={s.id} className="flex-1" aria-current={i === index ? "step" : undefined}>
              <span
                className={[
                  "block h-2 rounded-full",
                  i === index ? "bg-indigo-700" : done.has(s.id) ? "bg-indigo-300" : "bg-slate-300",
                ].join(" ")}
              />
              <span className="mt-1 hidden text-xs text-slate-700 sm:block">
                {s.title}
                {done.has(s.id) && <span className="sr-only"> (done)</span>}
              </span>
            </li>
          ))}
        </ol>
      </nav>
      <Card aria-labelledby="step-heading">
        <p className="text-sm font-medium text-indigo-800">
          Step {index + 1} of {STEPS.length}
        </p>
        <h2 id="step-heading" ref={headingRef} tabIndex={-1} className="mb-1 text-xl font-bold focus:outline-none">
          {step.title}
        </h2>
        <p className="mb-5 text-slate-700">{step.intro}</p>
        <ErrorNotice error={advance.error} />
        {step.id === "profile" && <ProfileStep {...stepProps} />}
        {step.id === "timezone" && <TimezoneStep {...stepProps} />}
        {step.id === "availability" && <AvailabilityStep {...stepProps} />}
        {step.id === "preferences" && <WorkStyleStep {...stepProps} />}
        {step.id === "goal" && <GoalStep {...stepProps} />}
      </Card>
    </div>
  );
}

interface StepProps {
  preferences: Preferences;
  onPreferences: (p: Preferences) => void;
  /** Marks the step done and moves on; after the last step, to `finishedAt`. */
  onDone: (finishedAt?: string) => Promise<unknown>;
  onBack?: () => void;
}

function StepActions({
  pending,
  onBack,
  label = "Continue",
}: {
  pending: boolean;
  onBack?: () => void;
  label?: string;
}) {
  return (
    <div className="flex flex-col-reverse gap-2 pt-4 sm:flex-row sm:justify-between">
      {onBack ? (
        <Button variant="secondary" onClick={onBack}>
          Back
        </Button>
      ) : (
        <span />
      )}
      <Button type="submit" pending={pending}>
        {label}
      </Button>
    </div>
  );
}

function StepForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

function ProfileStep({ onDone, onBack }: StepProps) {
  const me = useMe();
  const { reload } = useSession();
  const catalog = useResource(loadSprintTypes, []);
  const [draft, setDraft, clearDraft] = useDraft<{ name: string; locale: string | null }>(
    `${me.id}.onboarding.profile`,
    () => ({ name: me.name, locale: null }),
  );
  const { name, locale } = draft;
  const setName = (value: string) => setDraft({ ...draft, name: value });
  const setLocale = (value: string) => setDraft({ ...draft, locale: value });
  const wanted = me.locale && me.locale !== "en" ? me.locale.split("-")[0]! : detectLanguage();
  const offered = catalog.data ? [...new Set(catalog.data.flatMap(sprintLanguages))] : undefined;
  // Until the catalog is in, nothing is preset; then the learner's language if a sprint runs in it, else one that does.
  const preset = offered && !offered.includes(wanted) ? offered[0]! : wanted;
  const chosen = locale ?? preset;
  const save = useAction(async () => {
    await unwrap(api.PATCH("/v1/me", { body: { name, locale: chosen } }));
    clearDraft();
    await reload();
    await onDone();
  });
  const fields = save.error?.fieldErrors() ?? {};
  return (
    <StepForm onSubmit={() => void save.run()}>
      <TextField
        label="Your name"
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={LIMITS.name.max}
        error={fields.name}
      />
      <SelectField
        label="Language for your pod"
        value={chosen}
        onChange={(e) => setLocale(e.target.value)}
        error={fields.locale}
        hint={
          catalog.data && (
            <span data-testid="sprint-languages">
              {catalog.data.map((s) => (
                <span key={s.id} className="block">
                  {s.name} runs in {languageList(sprintLanguages(s))}.
                </span>
              ))}
            </span>
          )
        }
      >
        {LANGUAGES.map((l) => (
          <option key={l.value} value={l.value}>
            {l.label}
          </option>
        ))}
      </SelectField>
      {offered && !offered.includes(wanted) && locale === null && (
        <Notice tone="info">
          Your browser is set to {languageName(wanted)}, but no sprint runs in it yet, so we chose{" "}
          {languageName(preset)}.
        </Notice>
      )}
      {offered && !offered.includes(chosen) && (
        <Notice tone="warning">
          No sprint runs in {languageName(chosen)} yet: you could not join a pod in it. Sprints run in{" "}
          {languageList(offered)}.
        </Notice>
      )}
      <ErrorNotice error={save.error} shownFields={["name", "locale"]} />
      <StepActions pending={save.pending || (catalog.loading && !catalog.data)} onBack={onBack} />
    </StepForm>
  );
}

function TimezoneStep({ preferences, onPreferences, onDone, onBack }: StepProps) {
  const detected = detectTimezone();
  // A fresh account has the server's default (UTC): suggest the browser's zone instead.
  const me = useMe();
  const [timezone, setTimezone, clearDraft] = useDraft(`${me.id}.onboarding.timezone`, () =>
    preferences.updatedAt ? canonicalTimezone(preferences.timezone) : detected,
  );
  const save = useAction(async () => {
    onPreferences(await updatePreferences({ timezone }));
    clearDraft();
    await onDone();
  });
  return (
    <StepForm onSubmit={() => void save.run()}>
      <SelectField
        label="Timezone"
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        hint={`Your browser says ${detected}.`}
      >
        {allTimezones(timezone).map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </SelectField>
      <ErrorNotice error={save.error} />
      <StepActions pending={save.pending} onBack={onBack} />
    </StepForm>
  );
}

function AvailabilityStep({ preferences, onPreferences, onDone, onBack }: StepProps) {
  const me = useMe();
  // The painted hours are kept as a draft: a reload in the middle of painting loses none of them.
  const [painted, setPainted, clearDraft] = useDraft(`${me.id}.onboarding.availability`, () => [
    ...windowsToCells(preferences.availability),
  ]);
  const cells = new Set(painted);
  const setCells = (next: Set<string>) => setPainted([...next]);
  const [empty, setEmpty] = useState(false);
  const save = useAction(async () => {
    onPreferences(await updatePreferences({ availability: cellsToWindows(cells) }));
    clearDraft();
    await onDone();
  });
  return (
    <StepForm
      onSubmit={() => {
        setEmpty(cells.size === 0);
        if (cells.size > 0) void save.run();
      }}
    >
      <AvailabilityGrid
        value={cells}
        onChange={(next) => {
          setCells(next);
          setEmpty(false);
        }}
        timezone={preferences.timezone}
        labelledBy="step-heading"
      />
      {empty && (
        <p role="alert" className="text-sm font-medium text-red-700">
          Mark at least one hour so we can find a time your pod shares.
        </p>
      )}
      <ErrorNotice error={save.error} />
      <StepActions pending={save.pending} onBack={onBack} />
    </StepForm>
  );
}

function WorkStyleStep({ preferences, onPreferences, onDone, onBack }: StepProps) {
  const me = useMe();
  const [draft, setDraft, clearDraft] = useDraft<{
    experience: ExperienceLevel | null;
    style: CollaborationStyle | null;
  }>(`${me.id}.onboarding.preferences`, () => ({
    experience: preferences.experienceLevel ?? null,
    style: preferences.collaborationStyle ?? null,
  }));
  const experience = draft.experience ?? undefined;
  const style = draft.style ?? undefined;
  const setExperience = (value: ExperienceLevel) => setDraft({ ...draft, experience: value });
  const setStyle = (value: CollaborationStyle) => setDraft({ ...draft, style: value });
  const [missing, setMissing] = useState(false);
  const save = useAction(async () => {
    onPreferences(await updatePreferences({ experienceLevel: experience ?? null, collaborationStyle: style ?? null }));
    clearDraft();
    await onDone();
  });
  return (
    <StepForm
      onSubmit={() => {
        setMissing(!experience || !style);
        if (experience && style) void save.run();
      }}
    >
      <ChoiceGroup
        legend="Your experience"
        name="experience"
        value={experience}
        options={[...EXPERIENCE_LEVELS]}
        onChange={setExperience}
      />
      <ChoiceGroup
        legend="Your collaboration style"
        name="style"
        value={style}
        options={[...COLLABORATION_STYLES]}
        onChange={setStyle}
      />
      {missing && (
        <p role="alert" className="text-sm font-medium text-red-700">
          Choose your experience and a collaboration style.
        </p>
      )}
      <ErrorNotice error={save.error} />
      <StepActions pending={save.pending} onBack={onBack} />
    </StepForm>
  );
}

function GoalStep({ preferences, onDone, onBack }: StepProps) {
  return (
    <GoalForm
      timezone={preferences.timezone}
      availability={preferences.availability}
      submitLabel="Save goal and finish"
      onBack={onBack}
      onSaved={async (goal) => {
        await onDone(`/matches?sprintType=${goal.sprintType}`);
      }}
    />
  );
}
