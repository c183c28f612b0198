// Profile and preferences: rectify your name, language and bio; timezone, availability, work style,
// notifications and the review algorithm; and the private calendar feed's address.
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { getPreferences, type Preferences, updatePreferences } from "../../api/preferences";
import { useMe, useSession } from "../../auth/session";
import { AvailabilityGrid } from "../../components/AvailabilityGrid";
import { CalendarFeedAddress, useCalendarFeed } from "../../components/CalendarFeed";
import {
  Button,
  Card,
  Checkbox,
  ChoiceGroup,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  SelectField,
  TextArea,
  TextField,
} from "../../components/ui";
import { cellsToWindows, windowsToCells } from "../../lib/availability";
import { LIMITS } from "../../lib/limits";
import {
  allTimezones,
  COLLABORATION_STYLES,
  type CollaborationStyle,
  canonicalTimezone,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  LANGUAGES,
} from "../../lib/options";
import { useAction, useResource } from "../../lib/use-resource";

export function ProfilePage() {
  const prefs = useResource(getPreferences, []);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="What your pod-mates see, and how Pactly fits your week.">Profile and preferences</PageTitle>
      <ProfileCard />
      {prefs.loading && !prefs.data && <Loading label="Loading your preferences…" />}
      <ErrorNotice error={prefs.error} title="Your preferences could not be loaded" />
      {prefs.data && <PreferencesCard preferences={prefs.data} onSaved={prefs.set} />}
      <CalendarFeedCard />
    </div>
  );
}

function ProfileCard() {
  const me = useMe();
  const { reload } = useSession();
  const [name, setName] = useState(me.name);
  const [locale, setLocale] = useState(me.locale.split("-")[0] ?? "en");
  const [bio, setBio] = useState(me.bio ?? "");
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await unwrap(api.PATCH("/v1/me", { body: { name, locale, bio: bio.trim() ? bio : null } }));
    await reload();
    setSaved(true);
  });
  const fields = save.error?.fieldErrors() ?? {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run();
  };
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="mb-4 text-lg font-bold">
        Profile
      </h2>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <dl className="grid gap-1 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="font-medium text-slate-700">Email</dt>
          <dd>
            {me.email}{" "}
            <span className={me.emailVerified ? "text-emerald-800" : "text-amber-800"}>
              ({me.emailVerified ? "verified" : "not verified yet"})
            </span>
          </dd>
          <dt className="font-medium text-slate-700">Signs in with</dt>
          <dd>{me.signInMethods.join(", ") || "—"}</dd>
        </dl>
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={LIMITS.name.max}
          error={fields.name}
          autoComplete="name"
        />
        <SelectField
          label="Language for your pod"
          value={locale}
          onChange={(e) => setLocale(e.target.value)}
          error={fields.locale}
        >
          {LANGUAGES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </SelectField>
        <TextArea
          label="About you (optional)"
          value={bio}
          maxLength={LIMITS.bio.max}
          onChange={(e) => setBio(e.target.value)}
          hint={`A line or two your pod-mates see. Up to ${LIMITS.bio.max} characters.`}
          error={fields.bio}
        />
        <ErrorNotice error={save.error} shownFields={["name", "locale", "bio"]} />
        {saved && <Notice tone="success">Profile saved.</Notice>}
        <Button type="submit" pending={save.pending}>
          Save profile
        </Button>
      </form>
    </Card>
  );
}

const NOTIFICATION_LABELS: { key: keyof Preferences["notifications"]; label: string; hint: string }[] = [
  { key: "sessionReminders", label: "Session reminders", hint: "A day and an hour before each session." },
  { key: "reviewReminders", label: "Review reminders", hint: "When spaced-repetition reviews are due." },
  { key: "podUpdates", label: "Pod updates", hint: "Invitations, new members, changes to the schedule." },
];

/** The review schedules in a learner's words: what changes for them, not how the algorithm works. */
export const SRS_CHOICES: { value: Preferences["srsAlgorithm"]; label: string; description: string }[] = [
  {
    value: "fsrs",
    label: "Adaptive (FSRS, recommended)",
    description:
      "Pactly learns how well you remember each card and brings it back just before you would forget it. Usually fewer reviews a day for the same result: easy cards come back much later, hard ones sooner.",
  },
  {
    value: "sm2",
    label: "Classic (SM-2)",
    description:
      "A fixed rule: a card you remember comes back after 1 day, then 6 days, then about 2½ times longer each time; one you forget starts again tomorrow. Predictable, but usually more reviews.",
  },
];

function PreferencesCard({ preferences, onSaved }: { preferences: Preferences; onSaved: (p: Preferences) => void }) {
  const [timezone, setTimezone] = useState(canonicalTimezone(preferences.timezone));
  const [cells, setCells] = useState(() => windowsToCells(preferences.availability));
  const [experience, setExperience] = useState<ExperienceLevel | undefined>(preferences.experienceLevel ?? undefined);
  const [style, setStyle] = useState<CollaborationStyle | undefined>(preferences.collaborationStyle ?? undefined);
  const [notifications, setNotifications] = useState(preferences.notifications);
  const [srs, setSrs] = useState(preferences.srsAlgorithm);
  const [saved, setSaved] = useState(false);

  const save = useAction(async () => {
    const next = await updatePreferences({
      timezone,
      availability: cellsToWindows(cells),
      experienceLevel: experience ?? null,
      collaborationStyle: style ?? null,
      notifications,
      srsAlgorithm: srs,
    });
    onSaved(next);
    setSaved(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run();
  };

  return (
    <Card aria-labelledby="prefs-heading">
      <h2 id="prefs-heading" className="mb-4 text-lg font-bold">
        Preferences
      </h2>
      <form className="space-y-6" onSubmit={submit} noValidate>
        <SelectField label="Timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
          {allTimezones(timezone).map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
        <section aria-labelledby="availability-heading" className="space-y-2">
          <h3 id="availability-heading" className="font-semibold">
            Weekly availability
          </h3>
          <AvailabilityGrid value={cells} onChange={setCells} timezone={timezone} labelledBy="availability-heading" />
        </section>
        <ChoiceGroup
          legend="Experience"
          name="experience"
          value={experience}
          options={[...EXPERIENCE_LEVELS]}
          onChange={setExperience}
        />
        <ChoiceGroup
          legend="Collaboration style"
          name="style"
          value={style}
          options={[...COLLABORATION_STYLES]}
          onChange={setStyle}
        />
        <fieldset className="space-y-3">
          <legend className="mb-2 font-semibold">Email notifications</legend>
          {NOTIFICATION_LABELS.map((n) => (
            <Checkbox
              key={n.key}
              label={n.label}
              hint={n.hint}
              checked={notifications[n.key]?.email ?? true}
              onChange={(e) =>
                setNotifications({ ...notifications, [n.key]: { ...notifications[n.key], email: e.target.checked } })
              }
            />
          ))}
          <p className="text-sm text-slate-600">
            Check-in nudges, the weekly summary, quiet hours and notifications on this device:{" "}
            <Link to="/notifications" className="font-medium text-indigo-700 underline">
              Notifications
            </Link>
            .
          </p>
        </fieldset>
        <div className="space-y-2">
          <ChoiceGroup
            legend="When review cards come back"
            name="srs"
            value={srs}
            onChange={setSrs}
            options={SRS_CHOICES}
          />
          <p className="text-sm text-slate-600">
            You can switch at any time: your cards keep their progress either way.
          </p>
        </div>
        <ErrorNotice error={save.error} />
        {saved && <Notice tone="success">Preferences saved.</Notice>}
        <Button type="submit" pending={save.pending}>
          Save preferences
        </Button>
      </form>
    </Card>
  );
}

/** The private feed: its address is the secret, so it is shown once, when made; making a new one replaces it. */
function CalendarFeedCard() {
  const calendar = useCalendarFeed();
  return (
    <Card aria-labelledby="calendar-heading">
      <h2 id="calendar-heading" className="mb-2 text-lg font-bold">
        Calendar feed
      </h2>
      <p className="mb-4 text-slate-700">
        A private address your calendar app follows, with every session of every pod you are in, kept up to date.
        {calendar.feed
          ? " Copy it now: it is shown only once."
          : " It is shown once, when made; making a new one stops the old one working."}
      </p>
      <CalendarFeedAddress calendar={calendar} buttonLabel="Make my calendar address" />
    </Card>
  );
}
