// Learners, availability and assertions shared by the pod tests.

import type { Actor } from "../../src/access/index.js";
import { createUser } from "../../src/accounts/index.js";
import { seedCatalog } from "../../src/catalog/index.js";
import type { LocalWindow } from "../../src/matching/index.js";
import { type AppError, ManualClock, type Platform } from "../../src/platform/index.js";
import { type JoinWaitlistInput, joinWaitlist } from "../../src/pods/index.js";
import { podsDomain } from "../../src/pods/module.js";
import { testPlatform } from "../helpers/platform.js";

/** A Monday; invitations last 48 hours from here. */
export const START = "2026-03-02T09:00:00.000Z";

export const admin: Actor = { userId: "admin-1", role: "admin" };

export async function podsPlatform(): Promise<{ p: Platform; clock: ManualClock }> {
  const clock = new ManualClock(START);
  // Pods' own module: its erasure step and dashboard section take part, as in the deployed app.
  const { platform } = await testPlatform({ clock, domains: [podsDomain] });
  await seedCatalog(platform);
  return { p: platform, clock };
}

/** Tuesday and Thursday evenings in London. */
export const LONDON_EVENINGS: LocalWindow[] = [
  { weekday: 2, start: "18:00", end: "21:00" },
  { weekday: 4, start: "18:00", end: "21:00" },
];
/** The same instants seen from New York (winter: five hours behind). */
export const NEW_YORK_AFTERNOONS: LocalWindow[] = [
  { weekday: 2, start: "13:00", end: "16:00" },
  { weekday: 4, start: "13:00", end: "16:00" },
];
/** Saturday mornings only: shares nothing with the evenings above. */
export const SATURDAY_MORNINGS: LocalWindow[] = [{ weekday: 6, start: "07:00", end: "09:00" }];

let counter = 0;

export async function learner(p: Platform, name: string): Promise<Actor> {
  counter++;
  const user = await createUser(p, {
    email: `${name.toLowerCase()}.${counter}@example.com`,
    name,
    emailVerified: true,
    signInMethod: "password",
  });
  return { userId: user.id, role: "learner" };
}

export const londoner = (sprintType = "net_prompting"): JoinWaitlistInput => ({
  sprintType,
  timezone: "Europe/London",
  locale: "en-GB",
  windows: LONDON_EVENINGS,
  experienceLevel: "intermediate",
  collaborationStyle: "structured",
});

export const newYorker = (sprintType = "net_prompting"): JoinWaitlistInput => ({
  sprintType,
  timezone: "America/New_York",
  locale: "en-US",
  windows: NEW_YORK_AFTERNOONS,
  experienceLevel: "intermediate",
  collaborationStyle: "flexible",
});

/** Signs up `names` and puts them on the waitlist with the given signals. */
export async function waitlisted(p: Platform, names: string[], signals: JoinWaitlistInput = londoner()) {
  const actors: Actor[] = [];
  for (const name of names) {
    const actor = await learner(p, name);
    await joinWaitlist(p, actor, signals);
    actors.push(actor);
  }
  return actors;
}

/** The error a promise rejects with (its code and status), or fails the test if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected the call to fail");
}
