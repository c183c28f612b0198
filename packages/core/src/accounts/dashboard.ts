// The home page in one read: profile and onboarding here, the other sections filled by the listed domains.
import { type Actor, assertCanAccess } from "../access/index.js";
import { defineEntity, type Item, notFound, type Platform } from "../platform/index.js";
import { z } from "../platform/schema.js";
import { onboardingKey, profileKey } from "./keys.js";
import { Onboarding, Profile } from "./model.js";
import { onboardingView, type StoredOnboarding } from "./onboarding.js";
import { type StoredUser, toProfile } from "./users.js";

export const DashboardPod = z.looseObject({ id: z.string(), name: z.string(), status: z.string() });
export const DashboardSession = z.looseObject({ id: z.string(), podId: z.string(), startsAt: z.string() });

/** The sections other domains fill (their modules' `dashboard`); each is empty until a listed domain fills it. */
export const DashboardSections = z.object({
  pods: z.array(DashboardPod),
  nextSession: DashboardSession.nullable(),
  dueReviews: z.object({ count: z.number().int().min(0) }),
  streak: z.object({ currentDays: z.number().int().min(0), longestDays: z.number().int().min(0) }),
  balance: z.object({ amountCents: z.number().int(), currency: z.string() }),
});
export type DashboardSections = z.infer<typeof DashboardSections>;
export type DashboardSection = keyof DashboardSections;

export const Dashboard = DashboardSections.extend({
  profile: Profile,
  onboarding: Onboarding,
  /** Sections whose provider failed this time and show their empty value instead. */
  degraded: z.array(z.string()),
}).openapi("Dashboard");
export type Dashboard = z.infer<typeof Dashboard>;

const EMPTY: DashboardSections = {
  pods: [],
  nextSession: null,
  dueReviews: { count: 0 },
  streak: { currentDays: 0, longestDays: 0 },
  balance: { amountCents: 0, currency: "USD" },
};

/**
 * The part of the learner's partition the dashboard reads: from `ONBOARDING` to `PROFILE` in sort-key order, which
 * holds the onboarding, the pod summaries (`POD#…`), the preferences and the profile (and the password item,
 * read and dropped). A section's items must sort inside this range.
 */
export const DashboardHome = defineEntity("Dashboard", {
  home: {
    name: "The dashboard: profile, onboarding and pod summaries in one read",
    pk: "USER#<userId>",
    sk: { between: ["ONBOARDING", "PROFILE"] },
  },
});

/**
 * The home page in one Query over the learner's own partition. A failing section is logged and shown empty
 * (listed in `degraded`), so one broken domain never takes the home page down.
 */
export async function getDashboard(p: Platform, actor: Actor, userId: string): Promise<Dashboard> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const partition = await p.store.queryAll<Item>(DashboardHome.query("home", { userId }));
  const user = partition.find((i) => i.sk === profileKey(userId).sk) as StoredUser | undefined;
  if (!user) throw notFound("user.not_found", "No such user.");
  const onboarding = partition.find((i) => i.sk === onboardingKey(userId).sk) as StoredOnboarding | undefined;
  const degraded: string[] = [];
  const sections = { ...EMPTY } as Record<DashboardSection, unknown>;
  await Promise.all(
    p.domains
      .flatMap((d) => Object.entries(d.dashboard ?? {}))
      .map(async ([name, provide]) => {
        const section = name as DashboardSection;
        try {
          sections[section] = DashboardSections.shape[section].parse(await provide(p, userId, partition));
        } catch (error) {
          p.log.warn("dashboard section failed", { section: name, error });
          degraded.push(section);
        }
      }),
  );
  return {
    ...(sections as DashboardSections),
    profile: toProfile(user),
    onboarding: onboardingView(onboarding),
    degraded,
  };
}
