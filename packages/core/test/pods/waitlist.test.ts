// Joining a waitlist: one seat per sprint type, signals from the request or the saved preferences, suggestions.
import { describe, expect, it } from "vitest";
import { putPreferences } from "../../src/accounts/index.js";
import { getMatches, joinWaitlist, leaveWaitlist, listWaitlist } from "../../src/pods/index.js";
import { failure, LONDON_EVENINGS, learner, londoner, newYorker, podsPlatform, waitlisted } from "./helpers.js";

describe("waitlist", () => {
  it("takes a learner once per sprint type and lets them leave and come back", async () => {
    const { p } = await podsPlatform();
    const ada = await learner(p, "Ada");
    const entry = await joinWaitlist(p, ada, londoner());
    expect(entry).toMatchObject({ sprintType: "net_prompting", status: "waitlisted", timezone: "Europe/London" });

    const again = await failure(joinWaitlist(p, ada, londoner()));
    expect([again.status, again.code]).toEqual([409, "waitlist.already_joined"]);
    // Another sprint type is another seat.
    await joinWaitlist(p, ada, londoner("gym_3x_week"));
    expect((await listWaitlist(p, ada)).map((e) => e.sprintType).sort()).toEqual(["gym_3x_week", "net_prompting"]);

    await leaveWaitlist(p, ada, "net_prompting");
    expect((await listWaitlist(p, ada)).map((e) => e.sprintType)).toEqual(["gym_3x_week"]);
    expect((await failure(leaveWaitlist(p, ada, "net_prompting"))).code).toBe("waitlist.not_found");
    await joinWaitlist(p, ada, londoner());
  });

  it("claims the seat atomically: of two simultaneous joins exactly one wins", async () => {
    const { p } = await podsPlatform();
    const ada = await learner(p, "Ada");
    const results = await Promise.allSettled([joinWaitlist(p, ada, londoner()), joinWaitlist(p, ada, londoner())]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.code).toBe("waitlist.already_joined");
  });

  it("completes the signals from the learner's saved preferences and profile", async () => {
    const { p } = await podsPlatform();
    const ada = await learner(p, "Ada");
    const missing = await failure(joinWaitlist(p, ada, { sprintType: "net_prompting" }));
    expect([missing.status, missing.code]).toEqual([400, "waitlist.signals_missing"]);
    expect((missing.details!.issues as { path: string }[]).map((i) => i.path).sort()).toEqual([
      "collaborationStyle",
      "experienceLevel",
      "timezone",
      "windows",
    ]);

    await putPreferences(p, ada, ada.userId, {
      timezone: "Asia/Tokyo",
      availability: [{ weekday: 3, start: "19:00", end: "22:00" }],
      experienceLevel: "beginner",
      collaborationStyle: "social",
      notifications: {
        sessionReminders: { email: true },
        reviewReminders: { email: true },
        podUpdates: { email: true },
        marketing: { email: false },
      },
      integrations: { calendarFeed: { enabled: false } },
      srsAlgorithm: "sm2",
    });
    const entry = await joinWaitlist(p, ada, { sprintType: "net_prompting", experienceLevel: "advanced" });
    expect(entry).toMatchObject({
      timezone: "Asia/Tokyo",
      locale: "en",
      windows: [{ weekday: 3, start: "19:00", end: "22:00" }],
      experienceLevel: "advanced",
      collaborationStyle: "social",
    });
  });

  it("answers bad signals with 400 and says which field is wrong", async () => {
    const { p } = await podsPlatform();
    const ada = await learner(p, "Ada");
    const overlapping = await failure(
      joinWaitlist(p, ada, {
        ...londoner(),
        windows: [...LONDON_EVENINGS, { weekday: 2, start: "20:00", end: "22:00" }],
      }),
    );
    expect([overlapping.status, overlapping.code]).toEqual([400, "matching.invalid_signals"]);
    expect(overlapping.details?.issues).toEqual([{ path: "windows.2", message: "overlaps windows.0" }]);

    const zone = await failure(joinWaitlist(p, ada, { ...londoner(), timezone: "Europe/Atlantis" }));
    expect([zone.status, zone.code]).toEqual([400, "matching.invalid_signals"]);

    const locale = await failure(joinWaitlist(p, ada, { ...londoner(), locale: "fr-FR" }));
    expect([locale.status, locale.code]).toEqual([400, "waitlist.locale_not_offered"]);

    const unknown = await failure(joinWaitlist(p, ada, { ...londoner(), sprintType: "knitting" }));
    expect([unknown.status, unknown.code]).toEqual([404, "sprint_type.not_found"]);
    expect(await listWaitlist(p, ada)).toEqual([]);
  });

  it("suggests the most compatible learners on joining, and adds the newcomer to theirs", async () => {
    const { p } = await podsPlatform();
    const [ada, bob] = await waitlisted(p, ["Ada", "Bob"]);
    const [cy] = await waitlisted(p, ["Cy"], newYorker());
    const [sat] = await waitlisted(p, ["Sat"], {
      ...londoner(),
      windows: [{ weekday: 6, start: "07:00", end: "09:00" }],
    });

    const [mine] = await getMatches(p, cy!, "net_prompting");
    expect(mine!.timezone).toBe("America/New_York");
    expect(mine!.candidates.map((c) => c.userId).sort()).toEqual([ada!.userId, bob!.userId].sort());
    for (const c of mine!.candidates) {
      expect(c.score.overall).toBeGreaterThan(0);
      expect(c.score.overall).toBeLessThanOrEqual(1);
      // London 18:00–21:00 is New York 13:00–16:00 in March before the US change (8 March 2026).
      expect(c.meetingTime).toMatch(/^(Tuesday|Thursday)s 1[345]:\d\d–1[456]:\d\d$/);
    }
    // Ada joined first; she now sees Bob and Cy (but not Sat, who shares no time with her).
    const [hers] = await getMatches(p, ada!);
    expect(hers!.candidates.map((c) => c.userId).sort()).toEqual([bob!.userId, cy!.userId].sort());
    expect((await getMatches(p, sat!))[0]!.candidates).toEqual([]);
  });
});
