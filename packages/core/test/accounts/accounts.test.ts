// Profiles, preferences, onboarding, consents and the dashboard against DynamoDB Local, owners and strangers.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/index.js";
import {
  createUser,
  DEFAULT_PREFERENCES,
  findUserByEmail,
  getConsents,
  getDashboard,
  getOnboarding,
  getPreferences,
  getProfile,
  hasConsent,
  listUsers,
  putConsents,
  putPreferences,
  setRole,
  updateOnboarding,
  updateProfile,
  wantsEmail,
} from "../../src/accounts/index.js";
import { defineDomain } from "../../src/domain/index.js";
import { ManualClock } from "../../src/platform/index.js";
import { testPlatform } from "../helpers/platform.js";

async function twoUsers() {
  const clock = new ManualClock("2026-01-05T09:00:00Z");
  const t = await testPlatform({ clock });
  const p = t.platform;
  const ada = await createUser(p, {
    email: "Ada@Example.com",
    name: "Ada",
    emailVerified: true,
    signInMethod: "password",
  });
  const bob = await createUser(p, {
    email: "bob@example.com",
    name: "Bob",
    emailVerified: true,
    signInMethod: "github",
  });
  const asAda: Actor = { userId: ada.id, role: "learner" };
  const asBob: Actor = { userId: bob.id, role: "learner" };
  return { ...t, p, clock, ada, bob, asAda, asBob };
}

const prefsInput = {
  ...DEFAULT_PREFERENCES,
  timezone: "Europe/Berlin",
  availability: [
    { weekday: 2, start: "18:00", end: "20:00" },
    { weekday: 6, start: "09:30", end: "11:00" },
  ],
  experienceLevel: "intermediate" as const,
  collaborationStyle: "structured" as const,
};

describe("users", () => {
  it("keeps one account per email, case and spaces aside", async () => {
    const { p, ada } = await twoUsers();
    expect(ada.email).toBe("ada@example.com");
    await expect(
      createUser(p, { email: "  ADA@example.com ", name: "Imposter", emailVerified: false, signInMethod: "password" }),
    ).rejects.toMatchObject({ status: 409, code: "account.email_taken" });
    expect((await findUserByEmail(p, "ADA@EXAMPLE.COM"))?.id).toBe(ada.id);
  });

  it("shows and corrects a profile for its owner only; strangers get 404, admins may read", async () => {
    const { p, ada, asAda, asBob } = await twoUsers();
    expect(await getProfile(p, asAda, ada.id)).toMatchObject({
      name: "Ada",
      role: "learner",
      signInMethods: ["password"],
    });
    await expect(getProfile(p, asBob, ada.id)).rejects.toMatchObject({ status: 404, code: "user.not_found" });
    await expect(updateProfile(p, asBob, ada.id, { name: "Hacked" })).rejects.toMatchObject({ status: 404 });
    const fixed = await updateProfile(p, asAda, ada.id, { name: "Ada Lovelace", locale: "en-gb", bio: "Numbers." });
    expect(fixed).toMatchObject({ name: "Ada Lovelace", locale: "en-GB", bio: "Numbers." });
    expect(await getProfile(p, { userId: "someone", role: "admin" }, ada.id)).toMatchObject({ name: "Ada Lovelace" });
  });

  it("lets only admins change roles and list accounts", async () => {
    const { p, ada, bob, asAda } = await twoUsers();
    await expect(setRole(p, asAda, bob.id, "admin")).rejects.toMatchObject({ status: 403, code: "auth.forbidden" });
    await expect(listUsers(p, asAda, { limit: 10 })).rejects.toMatchObject({ status: 403 });
    const admin: Actor = { userId: "root", role: "admin" };
    expect(await setRole(p, admin, ada.id, "admin")).toMatchObject({ role: "admin" });
    const page = await listUsers(p, admin, { limit: 1 });
    expect(page.items).toHaveLength(1);
    const rest = await listUsers(p, admin, { limit: 10, cursor: page.nextCursor });
    expect([...page.items, ...rest.items].map((u) => u.name).sort()).toEqual(["Ada", "Bob"]);
  });
});

describe("preferences", () => {
  it("answers defaults until saved, then what was saved", async () => {
    const { p, ada, asAda } = await twoUsers();
    expect(await getPreferences(p, asAda, ada.id)).toEqual({ ...DEFAULT_PREFERENCES, updatedAt: null });
    const saved = await putPreferences(p, asAda, ada.id, prefsInput);
    expect(saved).toEqual({ ...prefsInput, updatedAt: "2026-01-05T09:00:00.000Z" });
    expect(await getPreferences(p, asAda, ada.id)).toEqual(saved);
    expect(await wantsEmail(p, ada.id, "marketing")).toBe(false);
    expect(await wantsEmail(p, ada.id, "sessionReminders")).toBe(true);
  });

  it("refuses unknown timezones and overlapping windows, and keeps strangers out", async () => {
    const { p, ada, asAda, asBob } = await twoUsers();
    await expect(putPreferences(p, asAda, ada.id, { ...prefsInput, timezone: "Europe/Gotham" })).rejects.toMatchObject({
      status: 400,
    });
    const overlapping = [...prefsInput.availability, { weekday: 2, start: "19:00", end: "19:30" }];
    await expect(putPreferences(p, asAda, ada.id, { ...prefsInput, availability: overlapping })).rejects.toMatchObject({
      status: 400,
    });
    await expect(getPreferences(p, asBob, ada.id)).rejects.toMatchObject({ status: 404 });
    await expect(putPreferences(p, asBob, ada.id, prefsInput)).rejects.toMatchObject({ status: 404 });
    expect((await getPreferences(p, asAda, ada.id)).updatedAt).toBeNull();
  });
});

describe("onboarding", () => {
  it("resumes where the learner left off and will not mark a step done without its data", async () => {
    const { p, ada, asAda } = await twoUsers();
    const start = await getOnboarding(p, asAda, ada.id);
    expect(start).toMatchObject({ currentStep: "profile", completed: false });
    expect(start.steps.map((s) => s.id)).toEqual(["profile", "timezone", "availability", "preferences", "goal"]);

    await updateOnboarding(p, asAda, ada.id, { currentStep: "profile" });
    expect(await updateOnboarding(p, asAda, ada.id, { step: "profile", completed: true })).toMatchObject({
      currentStep: "timezone",
    });
    await expect(updateOnboarding(p, asAda, ada.id, { step: "availability", completed: true })).rejects.toMatchObject({
      status: 409,
      code: "onboarding.step_incomplete",
      details: { missing: ["preferences.availability"] },
    });
    // Later (another device): the same place.
    expect((await getOnboarding(p, asAda, ada.id)).currentStep).toBe("timezone");

    await putPreferences(p, asAda, ada.id, prefsInput);
    for (const step of ["timezone", "availability", "preferences", "goal"] as const) {
      await updateOnboarding(p, asAda, ada.id, { step, completed: true });
    }
    const done = await getOnboarding(p, asAda, ada.id);
    expect(done).toMatchObject({ completed: true, currentStep: null, completedAt: "2026-01-05T09:00:00.000Z" });
    expect(done.steps.every((s) => s.completed)).toBe(true);

    // Reopening a step un-completes the whole onboarding.
    const reopened = await updateOnboarding(p, asAda, ada.id, { step: "goal", completed: false });
    expect(reopened).toMatchObject({ completed: false, currentStep: "goal" });
  });

  it("keeps strangers out", async () => {
    const { p, ada, asBob } = await twoUsers();
    await expect(getOnboarding(p, asBob, ada.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateOnboarding(p, asBob, ada.id, { step: "profile", completed: true })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("consents", () => {
  it("start withheld, and each timestamp moves only when that consent changes", async () => {
    const { p, ada, asAda, clock } = await twoUsers();
    expect(await getConsents(p, asAda, ada.id)).toEqual({
      learningData: { granted: false, changedAt: null },
      emails: { granted: false, changedAt: null },
    });
    await putConsents(p, asAda, ada.id, { learningData: true, emails: false });
    clock.advance(3600_000);
    const later = await putConsents(p, asAda, ada.id, { learningData: true, emails: true });
    expect(later).toEqual({
      learningData: { granted: true, changedAt: "2026-01-05T09:00:00.000Z" },
      emails: { granted: true, changedAt: "2026-01-05T10:00:00.000Z" },
    });
    expect(await hasConsent(p, ada.id, "learningData")).toBe(true);
  });
});

describe("dashboard", () => {
  it("shows profile and onboarding, empty sections, and survives a failing section", async () => {
    const { p, ada, asAda, asBob, log } = await twoUsers();
    const empty = await getDashboard(p, asAda, ada.id);
    expect(empty).toMatchObject({
      profile: { id: ada.id },
      onboarding: { currentStep: "profile" },
      pods: [],
      nextSession: null,
      dueReviews: { count: 0 },
      streak: { currentDays: 0, longestDays: 0 },
      balance: { amountCents: 0 },
      degraded: [],
    });
    const domains = [
      defineDomain({ name: "reviews", dashboard: { dueReviews: async () => ({ count: 7 }) } }),
      defineDomain({
        name: "analytics",
        dashboard: {
          streak: async () => {
            throw new Error("analytics is down");
          },
        },
      }),
    ];
    const filled = await getDashboard({ ...p, domains }, asAda, ada.id);
    expect(filled.dueReviews).toEqual({ count: 7 });
    expect(filled.streak).toEqual({ currentDays: 0, longestDays: 0 });
    expect(filled.degraded).toEqual(["streak"]);
    expect(log.lines.some((l) => l.includes("dashboard section failed"))).toBe(true);
    await expect(getDashboard(p, asBob, ada.id)).rejects.toMatchObject({ status: 404 });
  });
});
