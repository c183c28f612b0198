// The home page in one read: profile and onboarding here, the other sections filled by the listed domains.
import { type Actor, assertCanAccess } from "../access/index.js";
import type { Platform } from "../platform/index.js";
import { z } from "../platform/schema.js";
import { Onboarding, Profile } from "./model.js";
import { getOnboarding } from "./onboarding.js";
import { getProfile } from "./users.js";

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
 * Reads every section at once. A failing section is logged and shown empty (listed in `degraded`), so one slow
 * or broken domain never takes the home page down.
 */
export async function getDashboard(p: Platform, actor: Actor, userId: string): Promise<Dashboard> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  const degraded: string[] = [];
  const sections = { ...EMPTY } as Record<DashboardSection, unknown>;
  const [profile, onboarding] = await Promise.all([
    getProfile(p, actor, userId),
    getOnboarding(p, actor, userId),
    Promise.all(
      p.domains
        .flatMap((d) => Object.entries(d.dashboard ?? {}))
        .map(async ([name, provide]) => {
          const section = name as DashboardSection;
          try {
            sections[section] = DashboardSections.shape[section].parse(await provide(p, userId));
          } catch (error) {
            p.log.warn("dashboard section failed", { section: name, error });
            degraded.push(section);
          }
        }),
    ),
  ]);
  return { ...(sections as DashboardSections), profile, onboarding, degraded };
}
