// Notifications: which emails and push messages to get, per type; quiet hours; and push on this device.
import { type FormEvent, useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import { getPreferences, type Preferences, updatePreferences } from "../../api/preferences";
import { Button, Card, Checkbox, ErrorNotice, Loading, Notice, PageTitle, TextField } from "../../components/ui";
import { currentSubscription, pushSupported, subscribeThisDevice, unsubscribeThisDevice } from "../../lib/push";
import { useAction, useResource } from "../../lib/use-resource";

type Types = Preferences["notifications"];

const TYPES: { key: keyof Types; label: string; hint: string; push: boolean }[] = [
  { key: "sessionReminders", label: "Session reminders", hint: "A day and an hour before each session.", push: true },
  { key: "sessionChanges", label: "Session changes", hint: "When a session is moved or cancelled.", push: true },
  { key: "checkinNudges", label: "Check-in nudges", hint: "After a session, a reminder to check in.", push: true },
  {
    key: "podUpdates",
    label: "Pod updates",
    hint: "Your pod starting, members leaving, the sprint ending.",
    push: false,
  },
  {
    key: "weeklySummary",
    label: "Weekly summary",
    hint: "Monday at 08:00: your pods, goals and sessions.",
    push: false,
  },
  { key: "reviewReminders", label: "Review reminders", hint: "When spaced-repetition reviews are due.", push: false },
  // "marketing" (news and offers) is not shown: Pactly sends no such messages yet.
];

export function NotificationsPage() {
  const prefs = useResource(getPreferences, []);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="What we send you, and when.">Notifications</PageTitle>
      {prefs.loading && !prefs.data && <Loading />}
      <ErrorNotice error={prefs.error} />
      {prefs.data && <SettingsCard preferences={prefs.data} onSaved={prefs.set} />}
      <DeviceCard />
    </div>
  );
}

function SettingsCard({ preferences, onSaved }: { preferences: Preferences; onSaved: (p: Preferences) => void }) {
  const [types, setTypes] = useState(preferences.notifications);
  const [quiet, setQuiet] = useState(preferences.quietHours !== null);
  const [start, setStart] = useState(preferences.quietHours?.start ?? "22:00");
  const [end, setEnd] = useState(preferences.quietHours?.end ?? "07:00");
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    onSaved(await updatePreferences({ notifications: types, quietHours: quiet ? { start, end } : null }));
    setSaved(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run();
  };
  // Types the server added after this page was built come without a value: the server's default is on.
  const of = (key: keyof Types) => ({ email: true, push: true, ...types[key] });
  const toggle = (key: keyof Types, channel: "email" | "push", on: boolean) =>
    setTypes({ ...types, [key]: { ...of(key), [channel]: on } });

  return (
    <Card aria-labelledby="types-heading">
      <form className="space-y-6" onSubmit={submit} noValidate>
        <fieldset className="space-y-4">
          <legend id="types-heading" className="mb-2 text-lg font-bold">
            By type
          </legend>
          {TYPES.map((t) => (
            <div key={t.key} className="space-y-2">
              <Checkbox
                label={`${t.label} by email`}
                hint={t.hint}
                checked={of(t.key).email}
                onChange={(e) => toggle(t.key, "email", e.target.checked)}
              />
              {t.push && (
                <Checkbox
                  label={`${t.label} by push`}
                  checked={of(t.key).push}
                  onChange={(e) => toggle(t.key, "push", e.target.checked)}
                />
              )}
            </div>
          ))}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-2 text-lg font-bold">Quiet hours</legend>
          <Checkbox
            label="Hold notifications during quiet hours"
            hint={`In your timezone (${preferences.timezone}). A reminder that would come after its session starts is sent anyway.`}
            checked={quiet}
            onChange={(e) => setQuiet(e.target.checked)}
          />
          {quiet && (
            <div className="flex gap-4">
              <TextField label="From" type="time" value={start} onChange={(e) => setStart(e.target.value)} required />
              <TextField label="Until" type="time" value={end} onChange={(e) => setEnd(e.target.value)} required />
            </div>
          )}
        </fieldset>
        <ErrorNotice error={save.error} />
        {saved && <Notice tone="success">Notification settings saved.</Notice>}
        <Button type="submit" pending={save.pending}>
          Save notification settings
        </Button>
      </form>
    </Card>
  );
}

function DeviceCard() {
  const server = useResource(() => unwrap(api.GET("/v1/me/push-subscriptions")), []);
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  useEffect(() => {
    void currentSubscription().then((s) => setSubscribed(s !== null));
  }, []);
  const change = useAction(async (on: boolean) => {
    if (on) await subscribeThisDevice(server.data!.publicKey!);
    else await unsubscribeThisDevice();
    setSubscribed(on);
  });
  const available = pushSupported() && server.data?.publicKey;

  return (
    <Card aria-labelledby="device-heading">
      <h2 id="device-heading" className="mb-4 text-lg font-bold">
        This device
      </h2>
      {!available ? (
        <Notice>
          {pushSupported()
            ? "Push notifications are not available on this server."
            : "This browser cannot receive push notifications."}
        </Notice>
      ) : (
        <div className="space-y-3">
          <Checkbox
            label="Notify this device"
            hint="Reminders, session changes and check-in nudges appear here even when Pactly is closed."
            checked={subscribed === true}
            disabled={subscribed === null || change.pending}
            onChange={(e) => void change.run(e.target.checked)}
          />
          {change.error && <ErrorNotice error={change.error} />}
        </div>
      )}
    </Card>
  );
}
