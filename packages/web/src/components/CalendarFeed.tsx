// The private calendar feed: its address is the secret, so it is shown once, when made; making a new one replaces
// it (the old address stops working). The pod page and the profile page both offer it.
import { useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { useAction } from "../lib/use-resource";
import { Button, ErrorNotice, TextField } from "./ui";

/** The feed made in this page's life, if any, and the action that makes (or replaces) it. */
export function useCalendarFeed() {
  const [feed, setFeed] = useState<Schemas["CalendarFeed"] | null>(null);
  const make = useAction(async () => setFeed(await unwrap(api.POST("/v1/me/calendar-feed"))));
  return { feed, make };
}

/** The address once made (with a link a calendar app opens), or the button that makes it. */
export function CalendarFeedAddress({
  calendar,
  buttonLabel,
}: {
  calendar: ReturnType<typeof useCalendarFeed>;
  buttonLabel: string;
}) {
  const { feed, make } = calendar;
  const webcal = feed?.url.replace(/^https?:/, "webcal:");
  return (
    <>
      <ErrorNotice error={make.error} />
      {feed && webcal ? (
        <div className="space-y-2">
          <TextField
            label="Calendar address (keep it to yourself)"
            readOnly
            value={feed.url}
            onFocus={(e) => e.target.select()}
          />
          <p className="text-sm">
            <a href={webcal} className="text-indigo-800 underline">
              Open in my calendar app
            </a>
          </p>
        </div>
      ) : (
        <Button variant="secondary" pending={make.pending} onClick={() => void make.run()}>
          {buttonLabel}
        </Button>
      )}
    </>
  );
}
