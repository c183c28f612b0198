// Onboarding: five resumable steps; a step counts as done only when what it asks for is really there.
import { type Actor, assertCanAccess, systemActor } from "../access/index.js";
import { conflict, type Item, type Platform } from "../platform/index.js";
import { onboardingKey } from "./keys.js";
import {
  ONBOARDING_STEPS,
  type Onboarding,
  type OnboardingPatch,
  type OnboardingStepId,
  type Preferences,
} from "./model.js";
import { preferencesOf } from "./preferences.js";

export type StoredOnboarding = Item & {
  type: "Onboarding";
  userId: string;
  completedSteps: Partial<Record<OnboardingStepId, string>>;
  currentStep: OnboardingStepId | null;
  completedAt: string | null;
};

/**
 * What each step needs before it can be marked done; `goal` is checked by the goals domain, which creates the
 * goal and then completes the step. A missing list means nothing is missing.
 */
const MISSING: Partial<Record<OnboardingStepId, (prefs: Preferences) => string[]>> = {
  timezone: (prefs) => (prefs.updatedAt ? [] : ["preferences.timezone"]),
  availability: (prefs) => (prefs.availability.length > 0 ? [] : ["preferences.availability"]),
  preferences: (prefs) => [
    ...(prefs.experienceLevel ? [] : ["preferences.experienceLevel"]),
    ...(prefs.collaborationStyle ? [] : ["preferences.collaborationStyle"]),
  ],
};

/** The onboarding a stored item (or none yet) stands for. */
export function onboardingView(s: StoredOnboarding | undefined): Onboarding {
  const done = s?.completedSteps ?? {};
  const steps = ONBOARDING_STEPS.map((id) => ({ id, completed: Boolean(done[id]), completedAt: done[id] ?? null }));
  const completed = steps.every((st) => st.completed);
  const firstOpen = steps.find((st) => !st.completed)?.id ?? null;
  return {
    steps,
    currentStep: completed ? null : (s?.currentStep ?? firstOpen),
    completed,
    completedAt: completed ? (s?.completedAt ?? null) : null,
  };
}

export async function getOnboarding(p: Platform, actor: Actor, userId: string): Promise<Onboarding> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  return onboardingView(await p.store.get<StoredOnboarding>(onboardingKey(userId)));
}

/**
 * Completes (or reopens) a step and/or moves the learner to a step. Completing a step whose data is missing
 * answers 409 `onboarding.step_incomplete` with what is missing.
 */
export async function updateOnboarding(
  p: Platform,
  actor: Actor,
  userId: string,
  patch: OnboardingPatch,
): Promise<Onboarding> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const now = p.clock.now().toISOString();
  if (patch.step && patch.completed) {
    const check = MISSING[patch.step];
    const missing = check ? check(await preferencesOf(p, userId)) : [];
    if (missing.length > 0) {
      throw conflict("onboarding.step_incomplete", `The "${patch.step}" step is not finished yet.`, {
        step: patch.step,
        missing,
      });
    }
  }
  const stored = await p.store.get<StoredOnboarding>(onboardingKey(userId), { consistent: true });
  const completedSteps = { ...(stored?.completedSteps ?? {}) };
  if (patch.step) {
    if (patch.completed) completedSteps[patch.step] ??= now;
    else delete completedSteps[patch.step];
  }
  const allDone = ONBOARDING_STEPS.every((id) => completedSteps[id]);
  // Completing the step you are on moves you on; an explicit currentStep always wins.
  const nextOpen = ONBOARDING_STEPS.find((id) => !completedSteps[id]) ?? null;
  const currentStep =
    patch.currentStep ??
    (patch.step && patch.completed && stored?.currentStep === patch.step ? nextOpen : (stored?.currentStep ?? null));
  const item: StoredOnboarding = {
    ...onboardingKey(userId),
    type: "Onboarding",
    userId,
    completedSteps,
    currentStep,
    completedAt: allDone ? (stored?.completedAt ?? now) : null,
  };
  await p.store.put(item, stored ? { version: stored.version ?? 0 } : { absent: true });
  return onboardingView(item);
}

/** For other domains (goals): marks a step done once its data exists. */
export async function completeOnboardingStep(p: Platform, userId: string, step: OnboardingStepId): Promise<void> {
  await updateOnboarding(p, systemActor, userId, { step, completed: true });
}
