// Account schemas: the user's profile, preferences, onboarding and consents, as the API shows them.
import { Role } from "../access/index.js";
import { CollaborationStyle, ExperienceLevel, LocalWindow } from "../matching/index.js";
import { z } from "../platform/schema.js";

export { CollaborationStyle, ExperienceLevel, LocalWindow };

/** Emails are compared and stored in one form: trimmed and lower-cased. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .pipe(z.email({ message: "Not an email address." }))
  .openapi({ type: "string", format: "email", maxLength: 254, example: "ada@example.com" });
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** `suspended` is set by the safety domain: a suspended learner cannot sign in or use their tokens. */
export const UserStatus = z.enum(["active", "suspended"]);
export type UserStatus = z.infer<typeof UserStatus>;

export const DisplayName = z.string().trim().min(1).max(80);

export const Profile = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    name: z.string(),
    role: Role,
    status: UserStatus,
    /** BCP 47 language tag; pods are formed within one language. */
    locale: z.string(),
    bio: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    /** Sign-in methods linked to the account: "password" and/or provider ids. */
    signInMethods: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Profile");
export type Profile = z.infer<typeof Profile>;

/** Rectification: what a learner may change about themselves. The email is changed only through verification. */
export const ProfilePatch = z
  .object({
    name: DisplayName.optional(),
    locale: z
      .string()
      .min(2)
      .max(35)
      .refine((tag) => canonicalLocale(tag) !== undefined, "Not a BCP 47 language tag.")
      .optional(),
    bio: z.string().trim().max(500).nullable().optional(),
    avatarUrl: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .nullable()
      .optional(),
  })
  .strict()
  .openapi("ProfilePatch");
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** Per notification type, the channels a learner wants: email, and web push on the devices they opted in. */
export const ChannelSettings = z
  .object({ email: z.boolean(), push: z.boolean().default(true) })
  .strict()
  .openapi("ChannelSettings");
export type ChannelSettings = z.infer<typeof ChannelSettings>;
const on = { email: true, push: true };
export const NotificationSettings = z
  .object({
    /** 24 hours and 1 hour before each session. */
    sessionReminders: ChannelSettings,
    reviewReminders: ChannelSettings,
    /** Pod news (active, a member left, completed…); invitations are needed to take part and always go out. */
    podUpdates: ChannelSettings,
    /** News and offers; needs the `emails` consent as well. */
    marketing: ChannelSettings,
    /** A nudge to check in after a session. */
    checkinNudges: ChannelSettings.default(on),
    /** A session moved or cancelled. */
    sessionChanges: ChannelSettings.default(on),
    /** Monday morning: the week's pods, goals and sessions. */
    weeklySummary: ChannelSettings.default(on),
  })
  .strict()
  .openapi("NotificationSettings");
export type NotificationSettings = z.infer<typeof NotificationSettings>;
export type NotificationType = keyof NotificationSettings;

const LocalTime = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time of day as HH:mm.");
/**
 * Hours in the learner's timezone when nothing is sent: an email due then waits until the window ends. A window
 * may span midnight (22:00–07:00).
 */
export const QuietHours = z
  .object({ start: LocalTime, end: LocalTime })
  .strict()
  .refine((q) => q.start !== q.end, { message: "start and end must differ", path: ["end"] })
  .openapi("QuietHours");
export type QuietHours = z.infer<typeof QuietHours>;

export const Integrations = z
  .object({
    /** The private ICS feed of the learner's sessions. */
    calendarFeed: z.object({ enabled: z.boolean() }).strict(),
  })
  .strict()
  .openapi("Integrations");

export const SrsAlgorithm = z.enum(["sm2", "fsrs"]);
export type SrsAlgorithm = z.infer<typeof SrsAlgorithm>;

/** The learner's preferences, field by field. */
const preferenceFields = {
  /** IANA name, e.g. "Europe/Berlin". */
  timezone: z.string().min(1).max(64),
  /** Weekly windows in the learner's timezone; the same shape the waitlist and matching use. */
  availability: z.array(LocalWindow).max(28),
  experienceLevel: ExperienceLevel.nullable(),
  collaborationStyle: CollaborationStyle.nullable(),
  notifications: NotificationSettings,
  /** Null: no quiet hours. */
  quietHours: QuietHours.nullable().default(null),
  integrations: Integrations,
  srsAlgorithm: SrsAlgorithm,
};
/** What PUT /v1/me/preferences takes: the whole set (windows are further checked for overlaps). */
export const PreferencesInput = z.object(preferenceFields).strict().openapi("PreferencesInput");
export type PreferencesInput = z.infer<typeof PreferencesInput>;
/** What a caller may send: types and channels added later may be left out and take their defaults. */
export type PreferencesDraft = z.input<typeof PreferencesInput>;

// Its own object, not PreferencesInput extended: the document would give that as an allOf of two closed objects,
// which no answer can match.
export const Preferences = z
  .object({
    ...preferenceFields,
    /** Null until the learner saves preferences: everything else is then the default. */
    updatedAt: z.string().nullable(),
  })
  .strict()
  .openapi("Preferences");
export type Preferences = z.infer<typeof Preferences>;

export const DEFAULT_PREFERENCES: Omit<Preferences, "updatedAt"> = {
  timezone: "UTC",
  availability: [],
  experienceLevel: null,
  collaborationStyle: null,
  notifications: {
    sessionReminders: { email: true, push: true },
    reviewReminders: { email: true, push: true },
    podUpdates: { email: true, push: true },
    marketing: { email: false, push: false },
    checkinNudges: { email: true, push: true },
    sessionChanges: { email: true, push: true },
    weeklySummary: { email: true, push: true },
  },
  quietHours: null,
  integrations: { calendarFeed: { enabled: false } },
  // FSRS by default: it needs fewer reviews for the same retention; SM-2 stays one choice away in the profile.
  srsAlgorithm: "fsrs",
};

export const ONBOARDING_STEPS = ["profile", "timezone", "availability", "preferences", "goal"] as const;
export const OnboardingStepId = z.enum(ONBOARDING_STEPS);
export type OnboardingStepId = z.infer<typeof OnboardingStepId>;

export const OnboardingStep = z.object({
  id: OnboardingStepId,
  completed: z.boolean(),
  completedAt: z.string().nullable(),
});
export const Onboarding = z
  .object({
    steps: z.array(OnboardingStep),
    /** Where the learner resumes: the step they last opened, else the first one not completed; null when done. */
    currentStep: OnboardingStepId.nullable(),
    completed: z.boolean(),
    completedAt: z.string().nullable(),
  })
  .openapi("Onboarding");
export type Onboarding = z.infer<typeof Onboarding>;

/** Marks one step done (or not), and/or says where the learner is now. */
export const OnboardingPatch = z
  .object({
    step: OnboardingStepId.optional(),
    completed: z.boolean().optional(),
    currentStep: OnboardingStepId.optional(),
  })
  .strict()
  .refine((b) => (b.step === undefined) === (b.completed === undefined), {
    message: "step and completed go together",
    path: ["completed"],
  })
  .refine((b) => b.step !== undefined || b.currentStep !== undefined, { message: "nothing to change" })
  .openapi("OnboardingPatch");
export type OnboardingPatch = z.infer<typeof OnboardingPatch>;

export const CONSENT_TYPES = ["learningData", "emails"] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];
export const Consent = z.object({ granted: z.boolean(), changedAt: z.string().nullable() });
export const Consents = z
  .object({
    /** Keeping learning traces (tutor sessions, attempts) to adapt the path; without it they are not stored. */
    learningData: Consent,
    /** Emails beyond the ones an account needs (news, tips, offers). */
    emails: Consent,
  })
  .openapi("Consents");
export type Consents = z.infer<typeof Consents>;
export const ConsentsInput = z
  .object({ learningData: z.boolean(), emails: z.boolean() })
  .strict()
  .openapi("ConsentsInput");
export type ConsentsInput = z.infer<typeof ConsentsInput>;
