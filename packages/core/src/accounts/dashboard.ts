// The home page in one read: profile and onboarding here, the other sections plugged in by their domains.
import { type Actor, assertCanAccess } from "../access/index.js";
import { defineEntity, type Item, notFound, type Platform } from "../platform/index.js";
import { z } from "../platform/schema.js";
import { onboardingKey, profileKey } from "./keys.js";
import { Onboarding, Profile } from "./model.js";
import { onboardingView, type StoredOnboarding } from "./onboarding.js";
import { type StoredUser, toProfile } from "./users.js";

export const DashboardPod = z.looseObject({ id: z.string(), name: z.string(), status: z.string() });
export const DashboardSession = z.looseObject({ id: z.string(), podId: z.string(), startsAt: z.string() });

/** The sections other domains fill; each has an empty value until its domain registers a provider. */
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
 * A section is built from the learner's partition as the dashboard read it (`partition`): a domain keeps what its
 * section shows on items there, beside the learner's other records, so the whole page stays one Query.
 */
type SectionProvider<K extends DashboardSection> = (
  p: Platform,
  userId: string,
  partition: readonly Item[],
) => DashboardSections[K] | Promise<DashboardSections[K]>;
const providers = new Map<DashboardSection, SectionProvider<DashboardSection>>();

/** A domain fills its section: pods (matching), nextSession (sessions), dueReviews (SRS), streak, balance. */
export function registerDashboardSection<K extends DashboardSection>(section: K, provider: SectionProvider<K>): void {
  providers.set(section, provider as unknown as SectionProvider<DashboardSection>);
}

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
    [...providers].map(async ([name, provide]) => {
      try {
        sections[name] = DashboardSections.shape[name].parse(await provide(p, userId, partition));
      } catch (error) {
        p.log.warn("dashboard section failed", { section: name, error });
        degraded.push(name);
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
